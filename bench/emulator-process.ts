/**
 * Child process: the upstream, a vLLM-like OpenAI-compatible emulator serving the MWS model names,
 * kept out of the gateway's process so the gateway's CPU time is its own.
 */
import { MTS_MODELS } from "../server/providers/mts/models";
import { startOpenAICompatibleEmulator } from "../server/providers/openai-compatible/emulator";
import { send, serveParent, UPSTREAM_KEY } from "./protocol";

try {
  const emulator = await startOpenAICompatibleEmulator({
    apiKey: UPSTREAM_KEY,
    models: MTS_MODELS.map((m) => m.upstreamModel),
  });
  serveParent(() => emulator.close());
  send({ type: "ready", pid: process.pid, url: emulator.baseUrl, key: UPSTREAM_KEY, detail: {} });
} catch (err) {
  send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
}
