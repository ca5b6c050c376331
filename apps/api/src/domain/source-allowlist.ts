// Where an inbound request came from, and whether that source is allowed: client IP from the
// socket, X-Forwarded-For only when the socket peer is a trusted proxy; allowlist entries are
// IPs, CIDRs or hostnames (resolved when checked).
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

function normalise(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return ipaddr.process(ip.replace(/^\[|\]$/g, ""));
  } catch {
    return undefined;
  }
}

export function inRange(ip: string, entry: string): boolean {
  const address = normalise(ip);
  if (!address) return false;
  try {
    if (entry.includes("/")) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      const r =
        range.kind() === "ipv6" && (range as ipaddr.IPv6).isIPv4MappedAddress()
          ? (range as ipaddr.IPv6).toIPv4Address()
          : range;
      return address.kind() === r.kind() && address.match(r, r === range ? bits : bits - 96);
    }
    const single = normalise(entry);
    return single !== undefined && single.toString() === address.toString();
  } catch {
    return false;
  }
}

/** The client address: the socket peer, or the nearest untrusted X-Forwarded-For hop. */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: string[],
): string | undefined {
  const peer = remoteAddress ? normalise(remoteAddress)?.toString() : undefined;
  if (!peer || !forwardedFor || !trustedProxies.some((p) => inRange(peer, p))) return peer;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalise(hops[i]!)?.toString();
    if (!hop) return peer;
    if (!trustedProxies.some((p) => inRange(hop, p))) return hop;
  }
  return peer;
}

export function isValidSourceEntry(entry: string): boolean {
  if (entry.includes("/")) {
    try {
      ipaddr.parseCIDR(entry);
      return true;
    } catch {
      return false;
    }
  }
  if (ipaddr.isValid(entry)) return true;
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
    entry,
  );
}

export async function sourceAllowed(ip: string | undefined, allowed: string[]): Promise<boolean> {
  if (allowed.length === 0) return true;
  if (!ip) return false;
  for (const entry of allowed) {
    if (entry.includes("/") || ipaddr.isValid(entry)) {
      if (inRange(ip, entry)) return true;
      continue;
    }
    try {
      const addresses = await lookup(entry, { all: true });
      if (addresses.some((a) => inRange(ip, a.address))) return true;
    } catch {
      // An unresolvable name allows nothing.
    }
  }
  return false;
}
