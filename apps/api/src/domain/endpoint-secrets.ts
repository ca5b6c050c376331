// Endpoint signing secrets, sealed at rest. Rotation keeps the old secret signing beside the
// new one for a grace period, so receivers can switch without dropping a delivery.
import { type Executor, generateSigningSecret, type Keyring, newId, tables } from "@herald/db";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";

export const DEFAULT_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export async function issueSecret(
  tx: Executor,
  keyring: Keyring,
  ref: { tenantId: string; endpointId: string },
  secret = generateSigningSecret(),
): Promise<string> {
  const sealed = keyring.seal(secret);
  await tx.insert(tables.endpointSecrets).values({
    id: newId("endpointSecret"),
    tenantId: ref.tenantId,
    endpointId: ref.endpointId,
    ciphertext: sealed.ciphertext,
    keyId: sealed.keyId,
  });
  return secret;
}

/** Secrets that still sign, newest first. */
export async function activeSecrets(tx: Executor, keyring: Keyring, endpointId: string) {
  const rows = await tx
    .select()
    .from(tables.endpointSecrets)
    .where(
      and(
        eq(tables.endpointSecrets.endpointId, endpointId),
        or(
          isNull(tables.endpointSecrets.expiresAt),
          gt(tables.endpointSecrets.expiresAt, new Date()),
        ),
      ),
    )
    .orderBy(desc(tables.endpointSecrets.id));
  return rows.map((r) => ({
    id: r.id,
    secret: keyring.open(r.ciphertext, r.keyId),
    expiresAt: r.expiresAt,
  }));
}

export async function currentSecret(tx: Executor, keyring: Keyring, endpointId: string) {
  const [row] = await tx
    .select()
    .from(tables.endpointSecrets)
    .where(
      and(
        eq(tables.endpointSecrets.endpointId, endpointId),
        isNull(tables.endpointSecrets.expiresAt),
      ),
    )
    .orderBy(desc(tables.endpointSecrets.id))
    .limit(1);
  return row ? keyring.open(row.ciphertext, row.keyId) : undefined;
}

export async function rotateSecret(
  tx: Executor,
  keyring: Keyring,
  ref: { tenantId: string; endpointId: string },
  graceMs = DEFAULT_ROTATION_GRACE_MS,
): Promise<string> {
  const expiresAt = new Date(Date.now() + graceMs);
  await tx
    .update(tables.endpointSecrets)
    .set({ expiresAt })
    .where(
      and(
        eq(tables.endpointSecrets.endpointId, ref.endpointId),
        or(
          isNull(tables.endpointSecrets.expiresAt),
          gt(tables.endpointSecrets.expiresAt, expiresAt),
        ),
      ),
    );
  return issueSecret(tx, keyring, ref);
}
