import { getDb } from "../db";
import { providerAccounts } from "../db/schema";
import { startEmulatorServer, sendJson, sleep, type RunningEmulator } from "../providers/emulator/server";
import { invalidateAccounts } from "../routing/accounts";
import { seal } from "../routing/secret-box";

export type UpstreamMode =
  | { kind: "ok"; delayMs?: number }
  /** Fails with `status`; the error body's message is `message`, else "<name> says <status>". */
  | { kind: "status"; status: number; retryAfter?: number; message?: string }
  | { kind: "hang" }
  /** Streams one chunk, then drops the connection. */
  | { kind: "cut-after-first-chunk" }
  /** Streams one chunk, then sends nothing more and keeps the connection open. */
  | { kind: "stall-after-first-chunk" };

/**
 * An OpenAI-compatible upstream whose behaviour a test sets at will (answer, fail with a status, hang,
 * break a stream), counting requests and the most requests it had in flight at once. Real HTTP on 127.0.0.1.
 */
export async function startScriptedUpstream(name: string): Promise<
  RunningEmulator & { baseUrl: string; mode: UpstreamMode; requests: number; maxInFlight: number; reset(): void }
> {
  let inFlight = 0;
  const state = { mode: { kind: "ok" } as UpstreamMode, requests: 0, maxInFlight: 0 };
  const server = await startEmulatorServer(async (req, body, res) => {
    if (!req.url?.endsWith("/chat/completions")) return sendJson(res, 404, { error: { message: "not found" } });
    state.requests++;
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const mode = state.mode;
    const request = JSON.parse(body) as { model: string; stream?: boolean };
    const reply = { role: "assistant", content: `from ${name}` };
    const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
    if (mode.kind === "hang") return;
    if (mode.kind === "status")
      return sendJson(res, mode.status, { error: { message: mode.message ?? `${name} says ${mode.status}`, type: "server_error" } }, mode.retryAfter ? { "retry-after": String(mode.retryAfter) } : {});
    if (mode.kind === "ok" && mode.delayMs) await sleep(mode.delayMs);
    const base = { id: `chatcmpl-${name}`, created: 1, model: request.model };
    if (!request.stream) {
      return sendJson(res, 200, { ...base, object: "chat.completion", choices: [{ index: 0, message: reply, finish_reason: "stop" }], usage });
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: `from ${name}` }, null));
    if (mode.kind === "stall-after-first-chunk") return;
    if (mode.kind === "cut-after-first-chunk") {
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    res.write(chunk({}, "stop"));
    res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage })}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    get mode() {
      return state.mode;
    },
    set mode(mode: UpstreamMode) {
      state.mode = mode;
    },
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    reset() {
      state.requests = 0;
      state.maxInFlight = 0;
      state.mode = { kind: "ok" };
    },
  };
}

export type ScriptedUpstream = Awaited<ReturnType<typeof startScriptedUpstream>>;

/** An admin provider account (MTS, OpenAI-compatible) in front of a new scripted upstream, serving one model. */
export async function scriptedAccount(name: string, model: string, options: { weight?: number; priority?: number; concurrency?: number } = {}) {
  const upstream = await startScriptedUpstream(name);
  const id = `acc_${name}_${crypto.randomUUID().slice(0, 6)}`;
  await (await getDb()).insert(providerAccounts).values({
    id,
    provider: "mts",
    name,
    secretEncrypted: seal(JSON.stringify({ apiKey: "k", baseUrl: upstream.baseUrl })),
    weight: options.weight ?? 1,
    priority: options.priority ?? 100,
    concurrency: options.concurrency ?? 50,
    models: [model],
  });
  invalidateAccounts();
  return { id, upstream };
}
