import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestRecord } from "../core/request-record";
import { requests } from "../db/schema";
import { createUser } from "../services/users/create-user";
import { databaseKinds, uniqueEmail } from "../testing/databases";
import { insertRequests } from "./insert-requests";

describe.each(databaseKinds)("insertRequests on %s", (_kind, open) => {
  let handle: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
    handle = await open();
  });
  afterAll(() => handle.cleanup());

  it("writes every field of a batch as given, text with quotes, backslashes and Cyrillic intact, once whatever the retries", async () => {
    const user = await createUser(handle.db, { email: uniqueEmail() });
    const at = new Date("2026-12-07T10:11:12.345Z");
    const full: RequestRecord = {
      id: `req_full_${user.id}`,
      userId: user.id,
      keyId: "key_1",
      endpoint: "chat",
      model: "gigachat/GigaChat-2",
      provider: "gigachat",
      upstreamModel: "GigaChat-2",
      stream: true,
      status: 200,
      errorCode: null,
      promptTokens: 12,
      completionTokens: 34,
      cachedTokens: 5,
      costMicro: 9_007_199_254,
      priceId: 7,
      latencyMs: 321,
      firstTokenMs: 45,
      finishReason: "stop",
      createdAt: at,
      attempts: [
        {
          provider: "gigachat",
          account: 'acc "main"',
          model: "GigaChat-2",
          status: 200,
          latencyMs: 300,
          error: 'upstream said "no" \\ retried',
        },
      ],
      routeReason: 'weighted: "a" \\ b, приоритет',
      appTitle: 'Моё приложение \\ "beta"',
      appUrl: 'https://example.test/?q="x"&y=\\z',
      cache: "miss",
      savedMicro: 17,
    };
    const bare: RequestRecord = {
      id: `req_bare_${user.id}`,
      userId: user.id,
      endpoint: "embeddings",
      model: "m",
      status: 402,
      latencyMs: 3,
      errorCode: "insufficient_quota",
    };
    await insertRequests(handle.db, [full, bare]);
    await insertRequests(handle.db, [full, bare]);

    const rows = await handle.db
      .select()
      .from(requests)
      .where(inArray(requests.id, [full.id, bare.id]))
      .orderBy(requests.id);
    expect(rows).toHaveLength(2);
    const [bareRow, fullRow] = rows;
    expect(fullRow).toMatchObject({ ...full, createdAt: at });
    expect(bareRow).toMatchObject({
      ...bare,
      keyId: null,
      provider: null,
      stream: false,
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      costMicro: 0,
      priceId: null,
      firstTokenMs: null,
      attempts: null,
      cache: null,
      savedMicro: 0,
    });
  });
});
