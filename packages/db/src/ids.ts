// Prefixed, time-sortable identifiers (`msg_01J…`): 48 bits of milliseconds and 80 random
// bits in Crockford base32, so ids sort by creation time and index well.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const ID_PREFIXES = {
  tenant: "ten",
  apiKey: "key",
  agent: "agt",
  eventType: "evt",
  endpoint: "ep",
  endpointSecret: "sec",
  message: "msg",
  delivery: "del",
  attempt: "att",
  run: "run",
  trigger: "trg",
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

let lastTime = 0;
let lastRandom = Buffer.alloc(10);

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A new id; within one millisecond ids stay monotonic by incrementing the random part. */
export function newId(kind: IdKind): string {
  const now = Date.now();
  if (now <= lastTime) {
    const next = Buffer.from(lastRandom);
    for (let i = next.length - 1; i >= 0; i--) {
      next[i] = (next[i]! + 1) & 0xff;
      if (next[i] !== 0) break;
    }
    lastRandom = next;
  } else {
    lastTime = now;
    lastRandom = randomBytes(10);
  }
  return `${ID_PREFIXES[kind]}_${encodeTime(lastTime)}${encodeRandom(lastRandom)}`;
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${ID_PREFIXES[kind]}_`);
}
