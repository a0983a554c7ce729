import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { serveResponseSockets, type ResponseSockets } from "./responses-socket";

let api: TestApi;
let server: Server;
let sockets: ResponseSockets;
let url: string;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
  server = createServer();
  sockets = serveResponseSockets(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`;
});
afterAll(async () => {
  sockets?.close();
  server?.closeAllConnections();
  server?.close();
  await api?.close();
});

async function open() {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${key}` } });
  const types: string[] = [];
  ws.on("message", (data) => types.push((JSON.parse(String(data)) as { type: string }).type));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  return { ws, types, closed };
}

const until = async (ok: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("draining the Responses WebSockets", () => {
  it("closes idle sockets (1001) at once and a busy one only after its response completed", async () => {
    const idle = await open();
    const busy = await open();
    // The emulator paces a long reply over a second or more.
    busy.ws.send(
      // Stored: its last event waits for the store's write, after the pipeline has returned.
      JSON.stringify({
        type: "response.create",
        model: "mts/qwen3-32b",
        store: true,
        input: `drain ${"w ".repeat(400)}`,
      }),
    );
    await until(() => busy.types.includes("response.output_text.delta"));

    expect(sockets.closeIdle()).toBe(1);
    expect(await idle.closed).toBe(1001);
    expect(busy.ws.readyState).toBe(WebSocket.OPEN);

    // Asked at every turn of the event loop, as a drain would at its finest, so no moment of "idle" is missed.
    const deadline = Date.now() + 10_000;
    while (sockets.closeIdle() > 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    // Closed only after the response's last event (completed, or incomplete should the machine be slow).
    expect(await busy.closed).toBe(1001);
    expect(["response.completed", "response.incomplete"]).toContain(busy.types.at(-1));
  });
});
