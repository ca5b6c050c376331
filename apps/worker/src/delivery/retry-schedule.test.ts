import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  formatRetrySchedule,
  nextRetryDelay,
  parseRetryAfter,
  parseRetrySchedule,
  RetryScheduleError,
} from "./retry-schedule.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("DEFAULT_RETRY_SCHEDULE_MS", () => {
  it("is 5s, 5m, 30m, 2h, 5h, 10h, 10h", () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([5 * s, 5 * m, 30 * m, 2 * h, 5 * h, 10 * h, 10 * h]);
    expect(formatRetrySchedule(DEFAULT_RETRY_SCHEDULE_MS)).toBe("5s,5m,30m,2h,5h,10h,10h");
  });
});

describe("parseRetrySchedule", () => {
  it.each([
    ["0s,5s,30s,2m,1h,1d", [0, 5 * s, 30 * s, 2 * m, h, d]],
    [" 250ms , 5 s,\t2M ", [250, 5 * s, 2 * m]],
    ["24h", [d]],
    ["0ms", [0]],
    [Array(20).fill("1s").join(","), Array(20).fill(s)],
  ])("parses %j", (text, expected) => {
    expect(parseRetrySchedule(text)).toEqual(expected);
  });

  it.each([
    ["", /empty/],
    ["  ", /empty/],
    ["5s,,30s", /step 2 is empty/],
    ["5s,", /step 2 is empty/],
    ["5", /no unit/],
    ["5w", /unknown unit "w"/],
    ["5 sec", /unknown unit "sec"/],
    ["-5s", /negative/],
    ["1.5h", /whole number/],
    ["abc", /whole number/],
    ["25h", /over 24h/],
    ["1441m", /over 24h/],
    ["2d", /over 24h/],
    [Array(21).fill("1s").join(","), /21 steps; at most 20/],
  ])("rejects %j", (text, message) => {
    expect(() => parseRetrySchedule(text)).toThrow(RetryScheduleError);
    expect(() => parseRetrySchedule(text)).toThrow(message);
  });

  it.each(["0s,5s,30s,2m,1h,1d", "250ms,1500ms,90s", "5s,5m,30m,2h,5h,10h,10h"])(
    "round-trips %j through formatRetrySchedule",
    (text) => {
      expect(formatRetrySchedule(parseRetrySchedule(text))).toBe(text);
    },
  );
});

describe("nextRetryDelay", () => {
  const schedule = [0, 5 * s, 5 * m, 2 * h];
  const mid = () => 0.5; // no jitter
  const low = () => 0; // -jitter
  const high = () => 0.999999; // ~+jitter

  it.each([
    { failedAttempts: 1, random: mid, expected: 0 },
    { failedAttempts: 1, random: high, expected: 0 },
    { failedAttempts: 2, random: mid, expected: 5 * s },
    { failedAttempts: 2, random: low, expected: 4 * s },
    { failedAttempts: 2, random: high, expected: 6 * s },
    { failedAttempts: 3, random: mid, expected: 5 * m },
    { failedAttempts: 4, random: low, expected: 96 * m },
    { failedAttempts: 5, random: mid, expected: null },
    { failedAttempts: 50, random: mid, expected: null },
    { failedAttempts: 3, random: high, jitter: 0, expected: 5 * m },
    { failedAttempts: 3, random: low, jitter: 1, expected: 0 },
  ])("$failedAttempts failed tries (jitter $jitter) → $expected", (c) => {
    expect(nextRetryDelay({ schedule, ...c })).toBe(c.expected);
  });

  it.each([
    // Retry-After lengthens the wait up to the next step's bound.
    { failedAttempts: 2, retryAfterMs: 60 * s, expected: 60 * s },
    { failedAttempts: 2, retryAfterMs: 10 * h, expected: 5 * m },
    { failedAttempts: 3, retryAfterMs: 90 * m, expected: 90 * m },
    // The last step is its own bound.
    { failedAttempts: 4, retryAfterMs: 3 * d, expected: 2 * h },
    // Never shortens the schedule, never lands in the past.
    { failedAttempts: 3, retryAfterMs: 1 * s, expected: 5 * m },
    { failedAttempts: 2, retryAfterMs: -60 * s, expected: 5 * s },
    { failedAttempts: 1, retryAfterMs: 0, expected: 0 },
    { failedAttempts: 1, retryAfterMs: 30 * s, expected: 5 * s },
    { failedAttempts: 2, retryAfterMs: null, expected: 5 * s },
    { failedAttempts: 5, retryAfterMs: 30 * s, expected: null },
  ])("Retry-After $retryAfterMs after $failedAttempts tries → $expected", (c) => {
    expect(nextRetryDelay({ schedule, random: mid, ...c })).toBe(c.expected);
  });

  it("keeps a jittered delay within ±20% by default", () => {
    for (let i = 0; i < 200; i++) {
      const delay = nextRetryDelay({ schedule: DEFAULT_RETRY_SCHEDULE_MS, failedAttempts: 2 });
      expect(delay).toBeGreaterThanOrEqual(4 * m);
      expect(delay).toBeLessThanOrEqual(6 * m);
    }
  });

  it("stops after the default schedule's seven retries", () => {
    const delays = Array.from({ length: 9 }, (_, i) =>
      nextRetryDelay({ schedule: DEFAULT_RETRY_SCHEDULE_MS, failedAttempts: i + 1, jitter: 0 }),
    );
    expect(delays).toEqual([...DEFAULT_RETRY_SCHEDULE_MS, null, null]);
  });

  it("returns null for an empty schedule", () => {
    expect(nextRetryDelay({ schedule: [], failedAttempts: 1 })).toBeNull();
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects failedAttempts %s", (failedAttempts) => {
    expect(() => nextRetryDelay({ schedule, failedAttempts })).toThrow(RangeError);
  });

  it.each([-0.1, 1.5, Number.NaN])("rejects jitter %s", (jitter) => {
    expect(() => nextRetryDelay({ schedule, failedAttempts: 1, jitter })).toThrow(RangeError);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it.each([
    ["120", 120 * s],
    [" 0 ", 0],
    ["Mon, 23 Nov 2026 12:01:30 GMT", 90 * s],
    ["Mon, 23 Nov 2026 11:00:00 GMT", 0],
    ["Monday, 23-Nov-26 12:00:10 GMT", 10 * s],
    [null, null],
    [undefined, null],
    ["", null],
    ["-5", null],
    ["1.5", null],
    ["soon", null],
  ])("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
