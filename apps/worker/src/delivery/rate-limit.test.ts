import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit.js";

describe("RateLimiter", () => {
  it("allows a burst of one second, then one token per 1/rate seconds", () => {
    const limiter = new RateLimiter();
    const t = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.take("ep", 5, t)).toBe(0);
    expect(limiter.take("ep", 5, t)).toBe(200);
    expect(limiter.take("ep", 5, t + 200)).toBe(0);
    expect(limiter.take("other", 5, t)).toBe(0);
  });
});
