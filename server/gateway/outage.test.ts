import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestKey, serveTestApi, type TestApi } from "../testing/api-server";

/** A TCP relay to a real server that a test can cut (like the server going away) and restore on the same port. */
async function relay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const start = async (port = 0) => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("error", () => {});
        socket.on("close", () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };
  const port = await start();
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    cut: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server!.close(resolve));
    },
    restore: () => start(port),
  };
}

let api: TestApi;
let database: Awaited<ReturnType<typeof relay>>;
let store: Awaited<ReturnType<typeof relay>>;

beforeAll(async () => {
  database = await relay(new URL(inject("testDatabaseUrl")));
  store = await relay(new URL(inject("testRedisUrl")));
  api = await serveTestApi({ databaseUrl: database.url, redisUrl: store.url });
});
afterAll(() => api.close());

async function chat(key: string) {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "mts/qwen3-32b", messages: [{ role: "user", content: "hi" }] }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json()) as { error?: Record<string, unknown> },
  };
}

describe("an unreachable dependency", () => {
  it("answers 503 database_unavailable with Retry-After when identifying a key needs the database, and recovers", async () => {
    const { key } = await createTestKey();
    await database.cut();
    const down = await chat(key);
    expect(down.status).toBe(503);
    expect(down.retryAfter).toBe("5");
    expect(down.body).toEqual({
      error: {
        message: expect.stringMatching(/database/),
        type: "server_error",
        code: "database_unavailable",
        param: null,
      },
    });
    expect(down.body.error!.message).not.toMatch(/127\.0\.0\.1|\d{4,}/);

    await database.restore();
    expect((await chat(key)).status).toBe(200);
  });

  it("answers 503 store_unavailable with Retry-After when the store is down", async () => {
    const { key } = await createTestKey();
    expect((await chat(key)).status).toBe(200);
    await store.cut();
    const down = await chat(key);
    expect(down.status).toBe(503);
    expect(down.retryAfter).toBe("5");
    expect(down.body.error).toMatchObject({ type: "server_error", code: "store_unavailable", param: null });
    await store.restore();
  });
});
