// Secrets at rest: API keys are stored only as SHA-256 hashes; signing secrets and sensitive
// run input are sealed with AES-256-GCM under a master key named by a key id, so the master
// key can be rotated (new key first, old keys kept until every row is re-sealed).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface MasterKey {
  id: string;
  key: Buffer;
}

export class KeyringError extends Error {
  override name = "KeyringError";
}

/**
 * Parses `HERALD_MASTER_KEY`: one or more comma-separated keys, each `base64` or `id:base64`
 * of 32 bytes. The first seals new data; all of them open old data.
 */
export function parseMasterKeys(text: string): MasterKey[] {
  const keys = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const sep = item.indexOf(":");
      const encoded = sep === -1 ? item : item.slice(sep + 1);
      const key = Buffer.from(encoded, "base64");
      if (key.length !== 32) throw new KeyringError("each master key must be 32 bytes of base64");
      const id =
        sep === -1
          ? createHash("sha256").update(key).digest("hex").slice(0, 8)
          : item.slice(0, sep);
      return { id, key };
    });
  if (keys.length === 0) throw new KeyringError("no master key given");
  return keys;
}

export function generateMasterKey(): string {
  return randomBytes(32).toString("base64");
}

export class Keyring {
  readonly #keys: MasterKey[];
  constructor(keys: MasterKey[]) {
    if (keys.length === 0) throw new KeyringError("no master key given");
    this.#keys = keys;
  }

  static from(text: string): Keyring {
    return new Keyring(parseMasterKeys(text));
  }

  get currentKeyId(): string {
    return this.#keys[0]!.id;
  }

  seal(plaintext: string): { ciphertext: string; keyId: string } {
    const { id, key } = this.#keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return {
      ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64"),
      keyId: id,
    };
  }

  open(ciphertext: string, keyId: string): string {
    const master = this.#keys.find((k) => k.id === keyId);
    if (!master) throw new KeyringError(`master key ${keyId} is not configured`);
    const raw = Buffer.from(ciphertext, "base64");
    const decipher = createDecipheriv("aes-256-gcm", master.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }
}

export const API_KEY_PREFIX = "hk_";

/** A new API key: `hk_` and 32 random bytes (256 bits) in base64url. Shown once. */
export function generateApiKey(): { key: string; hash: string; displayPrefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, 10) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** `whsec_` and base64 of 32 random bytes: the Standard Webhooks secret format. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
