// Decides which addresses a delivery may reach. Checks run at connect time (a lookup
// hook that hands the socket only vetted addresses, so DNS rebinding between check and
// connect is impossible) and on literal-IP URLs, which never pass through a lookup.

import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

export type AddressVerdict = { ok: true } | { ok: false; reason: string };
export type UrlVerdict =
  | { ok: true; url: URL }
  | { ok: false; code: "destination_blocked" | "invalid_url"; reason: string };

export interface DestinationGuard {
  /** Internal verdict on one IP; `reason` names the range, so keep it out of customer view. */
  checkAddress(ip: string): AddressVerdict;
  /** For `net`/undici `connect.lookup`: fails with code "destination_blocked". */
  lookup: LookupFunction;
  /** Scheme check, plus the address check for literal-IP hosts; reasons are customer-safe. */
  checkUrl(url: string | URL): UrlVerdict;
}

export interface DestinationGuardOptions {
  /** CIDRs or single IPs that may be reached although private (e.g. "127.0.0.0/8"). */
  allowPrivate: readonly string[];
  /** Resolves a host name to every address; defaults to `dns.lookup(host, {all: true})`. */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

/** What customers are told: a blocked address and a closed port must look alike. */
export const DESTINATION_BLOCKED_MESSAGE = "destination is not allowed";

export class DestinationBlockedError extends Error {
  override name = "DestinationBlockedError";
  readonly code = "destination_blocked";
  constructor() {
    super(DESTINATION_BLOCKED_MESSAGE);
  }
}

// Unicast by ipaddr.js's table, yet no webhook receiver lives there: Azure's WireServer
// (reachable from every Azure VM, hands out VM credentials).
const BLOCKED_V4: Cidr[] = [ipaddr.parseCIDR("168.63.129.16/32")];
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const NAT64_LOCAL_USE = ipaddr.parseCIDR("64:ff9b:1::/48");

const OK: AddressVerdict = { ok: true };
const blocked = (reason: string): AddressVerdict => ({ ok: false, reason });

function v4(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/**
 * The IPv4 address a translation mechanism would actually reach, "blocked" for forms
 * whose target cannot be known, or null for a plain IPv6 address.
 */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | "blocked" | null {
  const p = addr.parts as [number, number, number, number, number, number, number, number];
  const range = addr.range();
  // SIIT ::ffff:0:a.b.c.d and NAT64 64:ff9b::a.b.c.d carry the IPv4 in the last 32 bits.
  if (range === "rfc6145") return v4(p[6], p[7]);
  if (range === "rfc6052") {
    if (!addr.match(NAT64_LOCAL_USE)) return v4(p[6], p[7]);
    // The local-use prefix may be deployed at /48–/96 with the IPv4 at other bit
    // positions. Only the /96 spelling (bits 48–95 zero) means the same thing under
    // every layout (the others then decode to an unroutable 0.x.x.x).
    return p[3] === 0 && p[4] === 0 && p[5] === 0 ? v4(p[6], p[7]) : "blocked";
  }
  // 6to4 2002:AABB:CCDD::/48 is relayed to the IPv4 host AA.BB.CC.DD.
  if (range === "6to4") return v4(p[1], p[2]);
  // Teredo hides the client address (XOR-obfuscated) behind a server address; no
  // receiver needs it, so it is never allowed.
  if (range === "teredo") return "blocked";
  // Deprecated IPv4-compatible ::a.b.c.d (also covers :: and ::1 → 0.0.0.x).
  if (p.slice(0, 6).every((x) => x === 0)) return v4(p[6], p[7]);
  return null;
}

function parseAllowList(entries: readonly string[]): Cidr[] {
  return entries.map((entry) => {
    const text = entry.trim();
    let cidr: Cidr;
    try {
      cidr = text.includes("/")
        ? ipaddr.parseCIDR(text)
        : ((a) => [a, a.kind() === "ipv4" ? 32 : 128] as Cidr)(ipaddr.parse(text));
    } catch {
      throw new TypeError(`allowPrivate entry "${entry}" is not an IP address or CIDR range`);
    }
    const [addr, bits] = cidr;
    // Addresses are judged in their IPv4 form, so an IPv4-mapped range must be too.
    if (addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress() && bits >= 96) {
      return [addr.toIPv4Address(), bits - 96];
    }
    return cidr;
  });
}

export function createDestinationGuard(opts: DestinationGuardOptions): DestinationGuard {
  const allowed = parseAllowList(opts.allowPrivate);
  const resolve = opts.resolve ?? ((hostname) => dnsLookup(hostname, { all: true }));

  const isAllowed = (addr: Address) =>
    allowed.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));

  function judge(addr: Address): AddressVerdict {
    if (isAllowed(addr)) return OK;
    if (addr instanceof ipaddr.IPv4) {
      const range = addr.range();
      if (range !== "unicast") return blocked(`${range} address`);
      if (BLOCKED_V4.some((cidr) => addr.match(cidr))) return blocked("cloud metadata address");
      return OK;
    }
    const embedded = embeddedIPv4(addr);
    if (embedded === "blocked") return blocked(`${addr.range()} address`);
    if (embedded) {
      const inner = judge(embedded);
      return inner.ok ? inner : blocked(`${addr.range()} address embedding ${inner.reason}`);
    }
    const range = addr.range();
    if (range !== "unicast") return blocked(`${range} address`);
    // Everything routable on the internet is in 2000::/3; the rest is unassigned.
    if (!addr.match(GLOBAL_UNICAST_V6)) return blocked("non-global IPv6 address");
    return OK;
  }

  function checkAddress(ip: string): AddressVerdict {
    let addr: Address;
    try {
      // process() turns IPv4-mapped IPv6 (::ffff:7f00:1) into the IPv4 it reaches.
      addr = ipaddr.process(ip);
    } catch {
      return blocked("not an IP address");
    }
    return judge(addr);
  }

  const lookup: LookupFunction = (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    resolve(hostname).then(
      (addresses) => {
        // One forbidden address taints the name: the resolver's order is not ours to
        // trust, and a retry could pick that address.
        if (addresses.some((a) => !checkAddress(a.address).ok)) {
          callback(new DestinationBlockedError(), []);
          return;
        }
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        const first = usable[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`no usable address for ${hostname}`);
          error.code = "ENOTFOUND";
          callback(error, []);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };

  function checkUrl(input: string | URL): UrlVerdict {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return { ok: false, code: "invalid_url", reason: "URL is not valid" };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return { ok: false, code: "invalid_url", reason: "only http and https URLs are allowed" };
    }
    // WHATWG URL has already normalised 127.1, 2130706433, 0x7f000001 to 127.0.0.1 and
    // [::ffff:127.0.0.1] to [::ffff:7f00:1]; net skips the lookup hook for literal IPs
    // (undici#2019), so they are judged here.
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (isIP(host) !== 0 && !checkAddress(host).ok) {
      return { ok: false, code: "destination_blocked", reason: DESTINATION_BLOCKED_MESSAGE };
    }
    return { ok: true, url };
  }

  return { checkAddress, lookup, checkUrl };
}
