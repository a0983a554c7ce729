import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let standInHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/**
 * Verifies against an account's hash; without one (unknown email, OAuth-only account) it verifies against a
 * stand-in hash and answers false, so the answer takes as long either way and timing does not reveal accounts.
 */
export async function verifyPasswordOrStandIn(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (passwordHash) return verifyPassword(passwordHash, password);
  standInHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await standInHash, password);
  return false;
}
