import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import { MemoryStore } from "../../store/memory";
import { createYandexProvider, type YandexProviderConfig } from "./adapter";
import { startYandexEmulator, type YandexEmulator } from "./emulator";
import { yandex } from "./index";
import { YANDEX_MODELS } from "./models";
import { parseServiceAccountKey } from "./service-account-key";
import { authorizedKeyFile } from "./testkit";
import { YANDEX_COMPAT_PATHS, YANDEX_IAM_PATH } from "./wire";

const FOLDER = "b1glistfolder";
const API_KEY = "AQVN-list-test";
const file = authorizedKeyFile();
const serviceAccountKey = parseServiceAccountKey(JSON.stringify(file));

let emulator: YandexEmulator;
beforeAll(async () => {
  emulator = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER, authorizedKeys: [file] });
});
afterAll(() => emulator.close());

const list = (settings: Omit<YandexProviderConfig, "folderId" | "baseUrl">, store = new MemoryStore()) =>
  yandex.listModels!({ folderId: FOLDER, baseUrl: emulator.baseUrl, iamUrl: emulator.iamUrl, ...settings }, { store, signal: AbortSignal.timeout(5_000) });
const exchanges = () => emulator.requestCounts()[YANDEX_IAM_PATH] ?? 0;

describe("the Yandex descriptor's listModels (GET /v1/models of the compat surface)", () => {
  it("names chat and embedding models as the catalog's upstream names, with their kind, every catalog model among them", async () => {
    const listed = await list({ apiKey: API_KEY });
    expect(listed).toEqual(expect.arrayContaining(YANDEX_MODELS.map((m) => ({ id: m.upstreamModel, kind: m.kind }))));
    expect(listed).toContainEqual({ id: "gpt-oss-20b/latest", kind: "chat" });
    expect(listed).toContainEqual({ id: "text-search-doc/latest", kind: "embedding" });
    expect(listed.filter((m) => m.id.includes("://"))).toEqual([]);
    expect(emulator.lastRequest()).toMatchObject({
      method: "GET",
      path: YANDEX_COMPAT_PATHS.models,
      headers: { authorization: `Bearer ${API_KEY}`, "openai-project": FOLDER },
    });
  });

  it("takes a service account's IAM token from the token cache the account's adapter shares", async () => {
    const store = new MemoryStore();
    await createYandexProvider({ serviceAccountKey, folderId: FOLDER, baseUrl: emulator.baseUrl, iamUrl: emulator.iamUrl }, { store }).health({
      requestId: "req_list",
      signal: AbortSignal.timeout(5_000),
    });
    const before = exchanges();
    expect((await list({ serviceAccountKey }, store)).length).toBeGreaterThan(0);
    expect(exchanges()).toBe(before);
    const token = emulator.lastRequest()?.headers.authorization;
    expect(token).toMatch(/^Bearer t1\./);
    expect(emulator.lastRequest()?.headers["x-folder-id"]).toBe(FOLDER);

    // An IAM token given as it is (here the one the exchange issued) is sent as it is.
    expect((await list({ iamToken: token!.slice("Bearer ".length) })).length).toBeGreaterThan(0);
    expect(emulator.lastRequest()?.headers.authorization).toBe(token);
  });

  it("fails with the upstream's 401 for a wrong key (the sync then keeps the account's last list)", async () => {
    const err = await list({ apiKey: "wrong" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).status).toBe(401);
  });
});
