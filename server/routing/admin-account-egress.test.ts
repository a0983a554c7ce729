import { rootCertificates } from "node:tls";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb, getDb, getDbHandle } from "../db";
import type { DbHandle } from "../db/client";
import { providerAccounts } from "../db/schema";
import { newId } from "../ids";
import { UpstreamError } from "../core/upstream-error";
import { createProvider } from "../providers/lookup";
import { getStore } from "../store";
import { createTestKey, serveTestApi, type TestApi } from "../testing/api-server";
import { createFaultDatabase, type FaultDatabase } from "../testing/faults/database";
import { startScriptedUpstream, type ScriptedUpstream } from "../testing/scripted-upstream";
import { createTestUser, errorOf } from "../testing/trpc";
import { invalidateAccounts } from "./accounts";
import { open, seal } from "./secret-box";

let api: TestApi;
let database: FaultDatabase;
let handle: DbHandle;
let upstream: ScriptedUpstream;
const MODEL = "mts/qwen2.5-72b-instruct";

beforeAll(async () => {
  // A database of its own: the refused account here must not reach other files' routes and status checks.
  database = await createFaultDatabase("admin_account_egress");
  // Private upstreams are not allowed here (the default); the demo emulators on 127.0.0.1 must work regardless.
  api = await serveTestApi({ databaseUrl: database.url, redisUrl: inject("testRedisUrl"), env: { XROUTER_ALLOW_PRIVATE_UPSTREAMS: "0" } });
  handle = await getDbHandle();
  upstream = await startScriptedUpstream("internal");
});
afterAll(async () => {
  await upstream?.close();
  await api?.close();
  await closeDb();
  await database?.drop();
});

const base = { name: "ssrf", weight: 1, priority: 0, concurrency: 1, models: null, upstreamModels: {} };

describe("admin provider accounts: saving", () => {
  it("refuses metadata, link-local, loopback and private endpoints, by address and by name", async () => {
    const { caller } = await createTestUser(handle, "admin");
    for (const baseUrl of [
      "http://169.254.169.254/latest/meta-data",
      "http://[fd00:ec2::254]/latest",
      "http://[::ffff:169.254.169.254]/",
      "http://2852039166/",
      "http://127.0.0.1:9/v1",
      "http://localhost:8000/v1",
      "http://10.1.2.3/v1",
      "http://[::1]:8000/v1",
      "http://0.0.0.0:8000/v1",
    ]) {
      const error = await errorOf(caller.routing.createAccount({ ...base, provider: "mts", credentials: { apiKey: "k", baseUrl } }));
      expect([baseUrl, error.code]).toEqual([baseUrl, "BAD_REQUEST"]);
      expect(error.message).toMatch(/^invalid_credentials: baseUrl: /);
    }
    const gigachat = await errorOf(
      caller.routing.createAccount({ ...base, provider: "gigachat", credentials: { credentials: "c2VjcmV0", scope: "GIGACHAT_API_PERS", authUrl: "http://169.254.169.254/token" } }),
    );
    expect(gigachat.message).toMatch(/^invalid_credentials: authUrl: .*link-local/);
    expect(await (await getDb()).select().from(providerAccounts).where(eq(providerAccounts.name, "ssrf"))).toHaveLength(0);
  });

  it("takes CA certificates as PEM text, sealed, and never a file path", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const pathError = await errorOf(
      caller.routing.createAccount({ ...base, provider: "gigachat", credentials: { credentials: "c2VjcmV0", scope: "GIGACHAT_API_PERS", caBundle: "/etc/passwd" } }),
    );
    expect(pathError.code).toBe("BAD_REQUEST");
    expect(pathError.message).toMatch(/^invalid_credentials: caBundle: /);
    const garbled = await errorOf(
      caller.routing.createAccount({
        ...base,
        provider: "gigachat",
        credentials: { credentials: "c2VjcmV0", scope: "GIGACHAT_API_PERS", caBundle: "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----" },
      }),
    );
    expect(garbled.message).toMatch(/^invalid_credentials: caBundle: /);

    // Real certificates are sealed with the credentials; the old file field is not a setting any more: dropped, never read.
    const caBundle = rootCertificates.slice(0, 2).join("\n");
    const made = await caller.routing.createAccount({
      ...base,
      enabled: false,
      provider: "gigachat",
      credentials: { credentials: "c2VjcmV0", scope: "GIGACHAT_API_PERS", caBundle, caBundleFile: "/etc/passwd" },
    });
    expect(JSON.stringify(made)).not.toContain("BEGIN CERTIFICATE");
    const [row] = await (await getDb()).select().from(providerAccounts).where(eq(providerAccounts.id, made.id));
    expect(row!.secretEncrypted).not.toContain("BEGIN CERTIFICATE");
    const sealed = JSON.parse(open(row!.secretEncrypted)) as Record<string, string>;
    expect(sealed.caBundle).toBe(caBundle);
    expect(sealed).not.toHaveProperty("caBundleFile");
    await caller.routing.deleteAccount({ id: made.id });
  });
});

describe("admin provider accounts: connecting", () => {
  it("refuses a private address at connect time, by name too (DNS rebinding), while demo accounts still answer", async () => {
    const { key } = await createTestKey();
    // Saved before the address turned internal (or written straight into the table): only the connection is left to check.
    const id = newId("acc");
    const baseUrl = upstream.baseUrl.replace("127.0.0.1", "localhost");
    await (await getDb()).insert(providerAccounts).values({
      id,
      provider: "mts",
      name: "rebound",
      secretEncrypted: seal(JSON.stringify({ apiKey: "k", baseUrl })),
      priority: 1_000,
      models: [MODEL],
    });
    invalidateAccounts();
    try {
      const res = await fetch(`${api.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "hi" }] }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).not.toBe("from internal");
      expect(upstream.requests).toBe(0);
    } finally {
      await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, id));
      invalidateAccounts();
    }
  });

  it("refuses metadata addresses even where private upstreams are allowed", async () => {
    const call = (baseUrl: string, allowPrivate: boolean) =>
      createProvider("mts", { apiKey: "k", baseUrl, egress: { allowPrivate } }, getStore()).chat(
        { model: MODEL, messages: [{ role: "user", content: "hi" }] },
        { requestId: newId("req"), signal: AbortSignal.timeout(5_000) },
      );
    const metadata = await call("http://169.254.169.254/v1", true).catch((err: unknown) => err);
    expect(metadata).toBeInstanceOf(UpstreamError);
    expect((metadata as UpstreamError).message).toMatch(/link-local, metadata or reserved/);
    const loopback = await call(upstream.baseUrl, false).catch((err: unknown) => err);
    expect((loopback as UpstreamError).message).toMatch(/private or loopback/);
    expect(upstream.requests).toBe(0);
    const allowed = await call(upstream.baseUrl, true);
    expect(allowed.completion.choices[0]!.message.content).toBe("from internal");
  });
});
