import { getBilling } from "../billing";
import type { ChatRequest, Usage } from "../providers/openai";
import { formatRub } from "../money";
import type { CatalogModel } from "./catalog";
import { costMicro } from "./cost";
import { GatewayError } from "./errors";
import type { Principal } from "./identify";

type TokenUsage = Pick<Usage, "prompt_tokens" | "completion_tokens" | "prompt_tokens_details">;

/** A held worst case that ends exactly once: charged for what was used, or released. */
export interface Hold {
  /** Books the cost of the usage at the answering model's price row (captured when the request was planned). */
  settle(usage: TokenUsage, model: CatalogModel): number;
  /** Frees everything: nothing reached the caller. */
  release(): void;
}

// Russian text runs about 2-4 characters a token: 2 keeps the estimate on the safe side.
const worstTokens = (text: string) => Math.ceil(text.length / 2);

/** Worst-case tokens of a chat request: the prompt plus max_tokens, or the rest of the model's context. */
export function worstCaseChat(req: ChatRequest, model?: CatalogModel): TokenUsage {
  const prompt = worstTokens(JSON.stringify(req.messages) + JSON.stringify(req.tools ?? ""));
  const limit = req.max_completion_tokens ?? req.max_tokens;
  return { prompt_tokens: prompt, completion_tokens: limit ?? Math.max(1, (model?.contextLength ?? 0) - prompt) };
}

export function worstCaseEmbeddings(inputs: string[]): TokenUsage {
  return { prompt_tokens: worstTokens(inputs.join("")), completion_tokens: 0 };
}

/**
 * Reserves the worst-case cost on the user's balance and the key's limit before the provider is called;
 * refuses with 402 insufficient_quota (naming the balance and the estimate) when either falls short.
 */
export async function reserveWorstCase(
  requestId: string,
  principal: Principal,
  models: CatalogModel[],
  worstFor: (model: CatalogModel) => TokenUsage,
): Promise<Hold> {
  const { meter, charges } = getBilling();
  // Fallbacks may answer with any planned model: hold the dearest worst case.
  const estimate = Math.max(...models.map((m) => costMicro(worstFor(m), m.price)));
  const result = await meter.reserve({
    id: requestId,
    userId: principal.userId,
    keyId: principal.keyId,
    amountMicro: estimate,
    keyLimit: principal.keyLimit,
  });
  if (!result.ok) {
    const what =
      result.reason === "balance"
        ? `insufficient balance: ${formatRub(Math.max(0, result.availableMicro))} RUB available`
        : `this key's spend limit is reached: ${formatRub(Math.max(0, result.availableMicro))} RUB left this ${principal.keyLimit?.period === "total" ? "key's lifetime" : principal.keyLimit?.period}`;
    throw new GatewayError(
      402,
      `${what}, and this request may cost up to ${formatRub(estimate)} RUB (set max_tokens to lower the estimate)`,
      "insufficient_quota",
      "insufficient_quota",
    );
  }
  let done = false;
  return {
    settle(usage, model) {
      const cost = costMicro(usage, model.price);
      if (done) return cost;
      done = true;
      if (cost === 0) void meter.release(requestId);
      else charges.enqueue({ requestId, userId: principal.userId, keyId: principal.keyId, costMicro: cost, priceId: model.price.id, note: model.id });
      return cost;
    },
    release() {
      if (done) return;
      done = true;
      void meter.release(requestId);
    },
  };
}
