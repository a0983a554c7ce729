import type { CountedTokens } from "../../billing/stream-usage";
import { getLogger, scrubSecrets } from "../../logging/logger";
import type { ChatRequest } from "../../providers/openai";
import type { Route } from "../../routing/plan";

/** How long a cut stream's charge waits for the provider's tokenizer before the estimate bills it. */
export const TOKENIZER_TIMEOUT_MS = 2_000;

/**
 * A cut stream's parts counted by the provider's own tokenizer (docs/reliability.md, "The billing rule"): the
 * delivered text, and the prompt unless the upstream reported it. A part the provider cannot count, or whose count
 * failed or took longer than `timeoutMs` (both parts together), is left out (logged): the estimate bills it. Counts
 * still running then are cancelled.
 */
export async function countDelivered(
  route: Route,
  chat: ChatRequest,
  delivered: string,
  promptReported: boolean,
  requestId: string,
  timeoutMs = TOKENIZER_TIMEOUT_MS,
): Promise<CountedTokens> {
  const { adapter } = route.account;
  const model = route.upstreamModel;
  const countPrompt = !promptReported && adapter.countTokens !== undefined;
  const countText = delivered !== "" && adapter.countText !== undefined;
  if (!countPrompt && !countText) return {};
  const cancel = new AbortController();
  const call = { requestId, signal: cancel.signal };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
  const count = async (part: string, counting: () => Promise<number | undefined>) => {
    try {
      const counted = await Promise.race([counting(), late]);
      if (counted === "late") throw new Error(`no count within ${timeoutMs} ms`);
      return counted;
    } catch (err) {
      const detail = scrubSecrets(err instanceof Error ? err.message : String(err));
      getLogger().warn({ provider: route.account.provider, model: route.model.id, part, detail }, "provider tokenizer failed; billing the estimate");
      return undefined;
    }
  };
  try {
    const [prompt, text] = await Promise.all([
      countPrompt ? count("prompt", () => adapter.countTokens!({ ...chat, model }, call)) : undefined,
      countText ? count("delivered", () => adapter.countText!(model, delivered, call)) : undefined,
    ]);
    return { prompt, delivered: text };
  } finally {
    clearTimeout(timer);
    cancel.abort();
  }
}
