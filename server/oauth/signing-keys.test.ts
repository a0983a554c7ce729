import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { openTrpcTestDb } from "../testing/trpc";
import { currentSigningKey, publicJwks, rotateSigningKey, verificationKey } from "./signing-keys";
import { authorizationServerMetadata } from "./metadata";
import { oauthSigningKeys } from "../db/schema";
import { eq } from "drizzle-orm";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

describe("signing keys", () => {
  it("newest signs; the previous key stays in the JWKS until its tokens expire; private keys are sealed", async () => {
    const before = await currentSigningKey(handle.db);
    await rotateSigningKey(handle.db);
    const after = await currentSigningKey(handle.db);
    expect(after.kid).not.toBe(before.kid);
    const jwks = await publicJwks(handle.db);
    const kids = jwks.keys.map((k) => k.kid);
    expect(kids).toContain(before.kid);
    expect(kids).toContain(after.kid);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }
    // Once the successor is older than cache + token lifetime, the old key is gone.
    const later = new Date(Date.now() + 60 * 60_000);
    expect((await publicJwks(handle.db, later)).keys.map((k) => k.kid)).not.toContain(before.kid);
    expect(await verificationKey(handle.db, before.kid, later)).toBeNull();
    expect(await verificationKey(handle.db, after.kid, later)).not.toBeNull();

    const [row] = await handle.db.select().from(oauthSigningKeys).where(eq(oauthSigningKeys.kid, after.kid));
    expect(row!.privateJwkSealed.startsWith("v1.")).toBe(true);
    expect(row!.privateJwkSealed).not.toContain('"d"');
  });

  it("publishes RFC 8414 metadata", () => {
    const meta = authorizationServerMetadata();
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.token_endpoint).toBe(`${meta.issuer}/oauth/token`);
    expect(meta.jwks_uri).toBe(`${meta.issuer}/.well-known/jwks.json`);
  });
});
