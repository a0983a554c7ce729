import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../store/memory";
import { startGigaChatEmulator, type GigaChatEmulator } from "./emulator";
import { listGigaChatModels } from "./list-models";
import { GIGACHAT_MODELS } from "./models";
import { ctx, providerFor, TEST_CREDENTIALS, TEST_SCOPE } from "./testkit";

let emulator: GigaChatEmulator;
beforeAll(async () => {
  emulator = await startGigaChatEmulator();
});
afterAll(() => emulator.close());

describe("listGigaChatModels (GET /models)", () => {
  it("lists chat models and embedders with their kind, every catalog model among them", async () => {
    const store = new MemoryStore();
    const settings = { credentials: TEST_CREDENTIALS, scope: TEST_SCOPE, authUrl: emulator.authUrl, baseUrl: emulator.baseUrl, store };
    const listed = await listGigaChatModels(settings, AbortSignal.timeout(5_000));
    expect(listed).toContainEqual({ id: "GigaChat-2-Max", kind: "chat" });
    expect(listed).toContainEqual({ id: "GigaEmbeddings-3B-2025-09", kind: "embedding" });
    expect(listed.map((m) => m.id)).toEqual(expect.arrayContaining(GIGACHAT_MODELS.map((m) => m.upstreamModel)));
  });

  it("takes the token the account's adapter already has, so a sync costs no OAuth call", async () => {
    const store = new MemoryStore();
    await providerFor(emulator, store).health(ctx());
    const tokens = emulator.stats.tokenRequests;
    const settings = { credentials: TEST_CREDENTIALS, scope: TEST_SCOPE, authUrl: emulator.authUrl, baseUrl: emulator.baseUrl, store };
    expect((await listGigaChatModels(settings, AbortSignal.timeout(5_000))).length).toBeGreaterThan(0);
    expect(emulator.stats.tokenRequests).toBe(tokens);
  });
});
