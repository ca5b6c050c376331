import type { LookupAddress, LookupOptions } from "node:dns";
import { describe, expect, it } from "vitest";
import { createDestinationGuard, type DestinationGuard } from "./ssrf-guard.js";

const strict = createDestinationGuard({ allowPrivate: [] });

describe("checkAddress", () => {
  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8", // IPv4-mapped public
    "64:ff9b::808:808", // NAT64 of 8.8.8.8
    "64:ff9b:1::808:808", // local-use NAT64, /96 spelling
    "2002:808:808::1", // 6to4 relay to 8.8.8.8
    "::ffff:0:808:808", // SIIT of 8.8.8.8
  ])("allows public %s", (ip) => {
    expect(strict.checkAddress(ip)).toEqual({ ok: true });
  });

  it.each([
    ["0.0.0.0", /unspecified/],
    ["0.1.2.3", /unspecified/],
    ["127.0.0.1", /loopback/],
    ["127.255.255.254", /loopback/],
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.0.1", /private/],
    ["169.254.169.254", /linkLocal/],
    ["100.64.0.1", /carrierGradeNat/],
    ["100.100.100.200", /carrierGradeNat/],
    ["192.0.0.192", /reserved/],
    ["192.0.2.1", /reserved/],
    ["198.18.0.1", /reserved/],
    ["240.0.0.1", /reserved/],
    ["224.0.0.1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["168.63.129.16", /metadata/],
    ["::", /unspecified/],
    ["::1", /loopback/],
    ["fe80::1", /linkLocal/],
    ["fe80::1%eth0", /linkLocal/],
    ["fc00::1", /uniqueLocal/],
    ["fd00:ec2::254", /uniqueLocal/],
    ["fec0::1", /SiteLocal/],
    ["ff02::1", /multicast/],
    ["2001:db8::1", /reserved/],
    ["100::1", /discard/],
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:7f00:1", /loopback/],
    ["::ffff:a9fe:a9fe", /linkLocal/],
    ["::ffff:0:7f00:1", /rfc6145.*loopback/],
    ["::127.0.0.1", /loopback/],
    ["::a00:1", /private/],
    ["64:ff9b::7f00:1", /rfc6052.*loopback/],
    ["64:ff9b::a9fe:a9fe", /rfc6052.*linkLocal/],
    ["64:ff9b:1::a00:1", /rfc6052.*private/],
    ["64:ff9b:1:a00:0:100::", /rfc6052/], // /48 layout: target unknowable
    ["2002:7f00:1::", /6to4.*loopback/],
    ["2002:a9fe:a9fe::1", /6to4.*linkLocal/],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /teredo/],
    ["2001::1", /teredo/],
    ["3fff::1", /reserved/],
    ["4000::1", /non-global/],
    ["not-an-ip", /not an IP/],
    ["", /not an IP/],
  ])("blocks %s (%s)", (ip, reason) => {
    const verdict = strict.checkAddress(ip);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.reason).toMatch(reason);
  });

  it("lets allowPrivate open ranges and single addresses, in any spelling", () => {
    const guard = createDestinationGuard({
      allowPrivate: ["127.0.0.0/8", "10.1.2.3", "fd00::/8", "::ffff:192.168.7.0/120"],
    });
    for (const ip of ["127.0.0.1", "::ffff:127.0.0.1", "10.1.2.3", "fd00::5", "192.168.7.7"]) {
      expect(guard.checkAddress(ip), ip).toEqual({ ok: true });
    }
    for (const ip of ["10.1.2.4", "::1", "fc00::1", "192.168.0.1", "169.254.169.254"]) {
      expect(guard.checkAddress(ip).ok, ip).toBe(false);
    }
    // Judging the embedded IPv4 applies the allowance too.
    expect(guard.checkAddress("64:ff9b::7f00:1")).toEqual({ ok: true });
  });

  it.each(["localhost", "10.0.0.0/33", "300.1.1.1"])("rejects allowPrivate entry %j", (e) => {
    expect(() => createDestinationGuard({ allowPrivate: [e] })).toThrow(/allowPrivate entry/);
  });
});

describe("checkUrl", () => {
  it.each([
    ["http://127.1/", "destination_blocked"],
    ["http://2130706433/", "destination_blocked"],
    ["http://0x7f000001/", "destination_blocked"],
    ["http://[::ffff:127.0.0.1]/", "destination_blocked"],
    ["https://169.254.169.254/latest/meta-data/", "destination_blocked"],
    ["ftp://example.com/", "invalid_url"],
    ["file:///etc/passwd", "invalid_url"],
    ["javascript:alert(1)", "invalid_url"],
    ["not a url", "invalid_url"],
    ["http://[fe80::1%25eth0]/", "invalid_url"],
  ])("refuses %s with %s and no internal detail", (url, code) => {
    const verdict = strict.checkUrl(url);
    expect(verdict).toMatchObject({ ok: false, code });
    if (!verdict.ok) expect(verdict.reason).not.toMatch(/\d+\.\d+|::|loopback|linkLocal/);
  });

  it("passes host names through to the connect-time lookup", () => {
    const verdict = strict.checkUrl("https://user:pw@hooks.example.com:8443/in?x=1");
    expect(verdict.ok && verdict.url.href).toBe("https://user:pw@hooks.example.com:8443/in?x=1");
    expect(strict.checkUrl(new URL("http://8.8.8.8/")).ok).toBe(true);
  });
});

type Resolved = { err: NodeJS.ErrnoException | null; address: unknown; family?: number };

function lookup(guard: DestinationGuard, host: string, options: LookupOptions = {}) {
  return new Promise<Resolved>((resolve) => {
    guard.lookup(host, options, (err, address, family) => resolve({ err, address, family }));
  });
}

describe("lookup", () => {
  const fakeDns: Record<string, LookupAddress[]> = {
    "public.test": [
      { address: "2606:4700::1111", family: 6 },
      { address: "1.1.1.1", family: 4 },
    ],
    "mixed.test": [
      { address: "1.1.1.1", family: 4 },
      { address: "10.0.0.1", family: 4 },
    ],
    "mapped.test": [{ address: "::ffff:169.254.169.254", family: 6 }],
    "v6only.test": [{ address: "2606:4700::1111", family: 6 }],
  };
  const guard = createDestinationGuard({
    allowPrivate: [],
    resolve: async (host) => {
      const found = fakeDns[host];
      if (found) return found;
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    },
  });

  it("returns the vetted addresses in the shape net asks for", async () => {
    expect(await lookup(guard, "public.test", { all: true })).toEqual({
      err: null,
      address: fakeDns["public.test"],
      family: undefined,
    });
    expect(await lookup(guard, "public.test")).toEqual({
      err: null,
      address: "2606:4700::1111",
      family: 6,
    });
    expect(await lookup(guard, "public.test", { family: 4 })).toEqual({
      err: null,
      address: "1.1.1.1",
      family: 4,
    });
  });

  it.each(["mixed.test", "mapped.test"])("refuses %s when any address is forbidden", async (h) => {
    const { err } = await lookup(guard, h, { all: true });
    expect(err).toMatchObject({
      code: "destination_blocked",
      message: "destination is not allowed",
    });
  });

  it("reports a name with no address of the wanted family as not found", async () => {
    const { err } = await lookup(guard, "v6only.test", { family: 4 });
    expect(err?.code).toBe("ENOTFOUND");
  });

  it("passes resolver errors through", async () => {
    const { err } = await lookup(guard, "nowhere.test");
    expect(err?.code).toBe("ENOTFOUND");
  });

  it("resolves real names with dns.lookup by default", async () => {
    const { err } = await lookup(strict, "localhost", { all: true });
    expect(err?.code).toBe("destination_blocked");
  });
});
