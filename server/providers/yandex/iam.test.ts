import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { toGatewayError } from "../../core/errors";
import { UpstreamError } from "../../core/upstream-error";
import { RedisStore } from "../../store/redis";
import { settingsFromEnvironment } from "../env-settings";
import type { ChatRequest } from "../openai";
import type { CallContext } from "../types";
import { createYandexProvider, type YandexProviderConfig } from "./adapter";
import { startYandexEmulator, type YandexEmulator } from "./emulator";
import { iamTokenStoreKey } from "./iam";
import { parseServiceAccountKey } from "./service-account-key";
import { authorizedKeyFile, leaksKey } from "./testkit";
import { YANDEX_IAM_PATH, YANDEX_IAM_URL } from "./wire";

const FOLDER = "b1giamfolder";
const API_KEY = "AQVN-iam-test";
const file = authorizedKeyFile();
const key = parseServiceAccountKey(JSON.stringify(file));

const stores: RedisStore[] = [];
const emulators: YandexEmulator[] = [];

/** One more connection to the run's Redis under `prefix`: each stands for an XRouter instance. */
function storeAt(prefix: string): RedisStore {
  const store = new RedisStore(inject("testRedisUrl"), prefix);
  stores.push(store);
  return store;
}

const newPrefix = () => `xr-test:yandex-iam:${crypto.randomUUID()}:`;

async function emulatorWith(options: Parameters<typeof startYandexEmulator>[0] = {}): Promise<YandexEmulator> {
  const emulator = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER, authorizedKeys: [file], ...options });
  emulators.push(emulator);
  return emulator;
}

function providerFor(emulator: YandexEmulator, store: RedisStore, extra: Partial<YandexProviderConfig> = {}) {
  const config = {
    serviceAccountKey: key,
    folderId: FOLDER,
    baseUrl: emulator.baseUrl,
    iamUrl: emulator.iamUrl,
    ...extra,
  };
  return createYandexProvider(config, { store });
}

const exchanges = (emulator: YandexEmulator) => emulator.requestCounts()[YANDEX_IAM_PATH] ?? 0;
const ctx = (): CallContext => ({ requestId: "req_iam", signal: AbortSignal.timeout(10_000) });
const ask = (content: string, model = "yandexgpt/latest"): ChatRequest => ({
  model,
  messages: [{ role: "user", content }],
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  await Promise.all(stores.map((s) => s.close()));
});

describe("a service account's authorized key", () => {
  let emulator: YandexEmulator;
  beforeAll(async () => {
    emulator = await emulatorWith();
  });

  it("is exchanged for an IAM token the emulator's IAM verified, sent as Bearer with the folder", async () => {
    const { completion } = await providerFor(emulator, storeAt(newPrefix())).chat(ask("Привет"), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: Привет");
    expect(exchanges(emulator)).toBe(1);
    expect(emulator.lastRequest()?.headers).toMatchObject({
      authorization: expect.stringMatching(/^Bearer t1\./),
      "x-folder-id": FOLDER,
    });
    expect(emulator.violations).toEqual([]);
  });

  it("gives one token to concurrent requests, both surfaces, embeddings, and a second instance sharing the store", async () => {
    const prefix = newPrefix();
    const first = providerFor(emulator, storeAt(prefix));
    const before = exchanges(emulator);
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => first.chat(ask(`n${i}`), ctx())),
      first.chat(ask("compat", "gemma-3-27b-it/latest"), ctx()),
      first.embeddings("text-search-doc/latest", ["a", "b", "c"], ctx()),
    ]);
    const token = emulator.lastRequest()?.headers.authorization;
    // Another instance: its own adapter and its own connection to the same Redis.
    const second = providerFor(emulator, storeAt(prefix));
    await second.chat(ask("from the other instance"), ctx());
    expect(emulator.lastRequest()?.headers.authorization).toBe(token);
    expect(exchanges(emulator) - before).toBe(1);

    const stored = await storeAt(prefix).get(iamTokenStoreKey(key, emulator.iamUrl));
    expect(JSON.parse(stored!)).toEqual({
      iamToken: token?.slice("Bearer ".length),
      refreshAt: expect.any(Number),
      usableUntil: expect.any(Number),
    });
    expect(leaksKey(stored!, file.private_key)).toBe(false);
  });

  it("replaces a token the API refuses (401) and retries the call once", async () => {
    const store = storeAt(newPrefix());
    const revoked = { iamToken: "t1.revoked", refreshAt: Date.now() + 3_600_000, usableUntil: Date.now() + 3_600_000 };
    await store.set(iamTokenStoreKey(key, emulator.iamUrl), JSON.stringify(revoked), 3_600_000);
    const before = exchanges(emulator);
    const { completion } = await providerFor(emulator, store).chat(ask("after refresh"), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: after refresh");
    expect(exchanges(emulator) - before).toBe(1);
    expect(emulator.violations.splice(0)).toEqual([
      { method: "POST", path: "/foundationModels/v1/completion", status: 401 },
    ]);
  });

  it("that IAM refuses gives a clear auth error naming the account, with no key or JWT in it", async () => {
    // The registered key's id with another private key: the signature does not verify.
    const forged = { ...key, privateKey: parseServiceAccountKey(JSON.stringify(authorizedKeyFile())).privateKey };
    const unknown = parseServiceAccountKey(JSON.stringify(authorizedKeyFile()));
    for (const serviceAccountKey of [forged, unknown]) {
      const err = await rejection(
        providerFor(emulator, storeAt(newPrefix()), { serviceAccountKey }).chat(ask("hi"), ctx()),
      );
      expect(err.status).toBe(401);
      expect(err.options.code).toBe("upstream_auth_failed");
      expect(err.retryable).toBe(false);
      expect(err.message).toMatch(
        new RegExp(
          `^Yandex IAM \\(service account ${serviceAccountKey.serviceAccountId}, key ${serviceAccountKey.id}\\) refused the JWT \\(HTTP 401\\): `,
        ),
      );
      expect(leaksKey(err.message, serviceAccountKey.privateKey)).toBe(false);
      expect(err.message).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
      // The caller learns only that the provider rejected XRouter's credentials.
      expect(toGatewayError(err, "yandex")).toMatchObject({ status: 502, code: "upstream_auth_failed" });
    }
    expect(emulator.violations.splice(0)).toEqual([
      { method: "POST", path: YANDEX_IAM_PATH, status: 401 },
      { method: "POST", path: YANDEX_IAM_PATH, status: 401 },
    ]);
  });
});

describe("an IAM token's lifetime", () => {
  it("is renewed in the background past half its life, and the old token is refused once it expired", async () => {
    const emulator = await emulatorWith({ iamTokenLifetimeMs: 4_000 });
    const store = storeAt(newPrefix());
    const provider = providerFor(emulator, store);
    const shared = async () =>
      (JSON.parse((await store.get(iamTokenStoreKey(key, emulator.iamUrl)))!) as { iamToken: string }).iamToken;
    const issued = Date.now();
    await provider.chat(ask("one"), ctx());
    await provider.chat(ask("two"), ctx());
    const first = emulator.lastRequest()?.headers.authorization;
    expect(exchanges(emulator)).toBe(1);

    await sleep(Math.max(0, issued + 2_100 - Date.now()));
    // Past half its life: this call still goes with the old token while a new one is fetched.
    await provider.chat(ask("three"), ctx());
    expect(emulator.lastRequest()?.headers.authorization).toBe(first);
    // The new token reaches the store (and the adapter) once its exchange is done.
    await vi.waitFor(async () => expect(`Bearer ${await shared()}`).not.toBe(first), { timeout: 2_000, interval: 20 });
    await provider.chat(ask("four"), ctx());
    const second = emulator.lastRequest()?.headers.authorization;
    expect(second).not.toBe(first);
    expect(exchanges(emulator)).toBe(2);

    await sleep(Math.max(0, issued + 4_100 - Date.now()));
    const stale = await request(`${emulator.baseUrl}/foundationModels/v1/tokenize`, {
      method: "POST",
      headers: { authorization: first!, "x-folder-id": FOLDER, "content-type": "application/json" },
      body: JSON.stringify({ modelUri: `gpt://${FOLDER}/yandexgpt-lite/latest`, text: "x" }),
    });
    expect(stale.statusCode).toBe(401);
    expect(((await stale.body.json()) as { error: { message: string } }).error.message).toMatch(
      /The token has expired$/,
    );
    expect(emulator.violations.splice(0)).toEqual([
      { method: "POST", path: "/foundationModels/v1/tokenize", status: 401 },
    ]);
  });
});

describe("the IAM emulator", () => {
  let emulator: YandexEmulator;
  beforeAll(async () => {
    emulator = await emulatorWith();
  });

  async function exchange(jwt: unknown) {
    const res = await request(emulator.iamUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwt }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  }

  async function signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
    const { importPKCS8, SignJWT } = await import("jose");
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: file.service_account_id, aud: YANDEX_IAM_URL, iat: now, exp: now + 600, ...claims })
      .setProtectedHeader({ alg: "PS256", kid: file.id, ...header })
      .sign(await importPKCS8(key.privateKey, "PS256"));
  }

  it("issues a token for a JWT as the docs describe it, expiring in RFC 3339 with nanoseconds", async () => {
    const { status, body } = await exchange(await signed({}));
    expect(status).toBe(200);
    expect(body).toEqual({
      iamToken: expect.stringMatching(/^t1\./),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/),
    });
    expect(Date.parse(String(body.expiresAt).replace(/(\.\d{3})\d+/, "$1")) - Date.now()).toBeGreaterThan(
      11.9 * 3_600_000,
    );
  });

  it("refuses a JWT with the wrong audience, issuer or algorithm, expired, or living over an hour, as google.rpc.Status", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { privateKey: rsa } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { SignJWT } = await import("jose");
    const rs256 = await new SignJWT({ iss: file.service_account_id, aud: YANDEX_IAM_URL, iat: now, exp: now + 600 })
      .setProtectedHeader({ alg: "RS256", kid: file.id })
      .sign(rsa);
    const cases: [string, number, RegExp][] = [
      [await signed({ aud: emulator.iamUrl }), 401, /aud/],
      [await signed({ iss: "ajeanother" }), 401, /iss/],
      [await signed({ iat: now - 1_200, exp: now - 600 }), 401, /exp/],
      [await signed({ exp: now + 3_700 }), 400, /at most 3600 seconds/],
      [await signed({ iat: now + 3_600, exp: now + 7_000 }), 400, /more than an hour ahead/],
      [await signed({}, { kid: "ajeunknown" }), 401, /Key ajeunknown not found/],
      [rs256, 400, /only PS256/],
      ["not a jwt", 400, /cannot be decoded/],
    ];
    for (const [jwt, status, message] of cases) {
      const res = await exchange(jwt);
      expect([res.status, res.body]).toEqual([
        status,
        { code: status === 400 ? 3 : 16, message: expect.stringMatching(message), details: [expect.any(Object)] },
      ]);
    }
    expect(emulator.violations.splice(0)).toHaveLength(cases.length);
  });
});

describe("Yandex data logging", () => {
  let emulator: YandexEmulator;
  beforeAll(async () => {
    emulator = await emulatorWith();
  });

  async function requestsOf(config: Partial<YandexProviderConfig>): Promise<Record<string, number>> {
    const before = emulator.dataLogging();
    const provider = createYandexProvider({ apiKey: API_KEY, folderId: FOLDER, baseUrl: emulator.baseUrl, ...config });
    await provider.chat(ask("native"), ctx());
    const { chunks } = await provider.chatStream(ask("compat stream", "qwen3-235b-a22b-fp8/latest"), ctx());
    for await (const chunk of chunks) expect(chunk).toBeDefined();
    await provider.embeddings("text-search-query/latest", ["one", "two"], ctx());
    await provider.countTokens!(ask("count"), ctx());
    const after = emulator.dataLogging();
    return Object.fromEntries(
      Object.keys(after).flatMap((k) => (after[k]! > (before[k] ?? 0) ? [[k, after[k]! - (before[k] ?? 0)]] : [])),
    );
  }

  it("is refused on every request by default, on both surfaces", async () => {
    expect(await requestsOf({})).toEqual({ false: 5 });
    expect(await requestsOf({ dataLogging: "off" })).toEqual({ false: 5 });
  });

  it("is left to Yandex (no header) when the account allows it", async () => {
    expect(await requestsOf({ dataLogging: "on" })).toEqual({ absent: 5 });
  });
});

describe("the environment's service account key file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "xr-yandex-key-"));
  const write = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const env = { YANDEX_FOLDER_ID: FOLDER };

  it("is read at start; the IAM URL and data logging have defaults", () => {
    const settings = settingsFromEnvironment({
      ...env,
      YANDEX_SERVICE_ACCOUNT_KEY_FILE: write("key.json", JSON.stringify(file, null, 2)),
    });
    expect(settings.yandex).toEqual({
      serviceAccountKey: key,
      folderId: FOLDER,
      baseUrl: "https://llm.api.cloud.yandex.net",
      iamUrl: YANDEX_IAM_URL,
      dataLogging: "off",
    });
    expect(settingsFromEnvironment({ ...env, YANDEX_API_KEY: "k", YANDEX_DATA_LOGGING: "on" }).yandex).toMatchObject({
      apiKey: "k",
      dataLogging: "on",
    });
  });

  it("that is missing or bad stops the start naming the variable, quoting nothing of the file", () => {
    const truncated = write("bad.json", JSON.stringify(file).slice(0, 900));
    const cases: [string, RegExp][] = [
      [path.join(dir, "missing.json"), /^YANDEX_SERVICE_ACCOUNT_KEY_FILE: the file cannot be read$/],
      [truncated, /^YANDEX_SERVICE_ACCOUNT_KEY_FILE: is not JSON/],
      [
        write("nokey.json", JSON.stringify({ ...file, private_key: undefined })),
        /^YANDEX_SERVICE_ACCOUNT_KEY_FILE: "private_key" must hold a PEM private key/,
      ],
    ];
    for (const [at, message] of cases) {
      const err = (() => {
        try {
          settingsFromEnvironment({ ...env, YANDEX_SERVICE_ACCOUNT_KEY_FILE: at });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err?.message).toMatch(message);
      expect(leaksKey(err!.message, file.private_key)).toBe(false);
    }
    expect(() => settingsFromEnvironment({ ...env, YANDEX_DATA_LOGGING: "maybe" })).toThrow(/^YANDEX_DATA_LOGGING: /);
  });
});

describe("parseServiceAccountKey", () => {
  const { privateKey: ec } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  it.each<[string, unknown, RegExp]>([
    ["text that is not JSON (the parser's own message would quote it)", `${file.private_key} trailing`, /^is not JSON/],
    ["an array", [file], /JSON object/],
    ["no id", { ...file, id: "" }, /"id"/],
    ["no service account", { ...file, service_account_id: undefined }, /"service_account_id"/],
    ["another algorithm", { ...file, key_algorithm: "EC_P256" }, /RSA_2048 or RSA_4096/],
    ["a public key for the private one", { ...file, private_key: file.public_key }, /PEM private key/],
    ["an EC key", { ...file, private_key: ec }, /not an RSA private key/],
    [
      "a damaged key",
      { ...file, private_key: file.private_key.replace(/\n[A-Za-z0-9+/]{20}/, "\nAAAA") },
      /not an RSA private key/,
    ],
  ])("refuses %s", (_, value, message) => {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    let thrown: Error | undefined;
    try {
      parseServiceAccountKey(text);
    } catch (err) {
      thrown = err as Error;
    }
    expect(thrown?.message).toMatch(message);
    expect(leaksKey(thrown!.message, file.private_key)).toBe(false);
  });
});
