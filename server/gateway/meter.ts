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

/** The fewest completion tokens worth sending when the budget caps max_tokens. */
const MIN_CAPPED_COMPLETION = 16;

export interface ReservedHold extends Hold {
  /** Set when the budget could not cover the model's whole context: the max_tokens the request now runs with. */
  cappedMaxTokens?: number;
}

function insufficient(principal: Principal, reason: "balance" | "key_limit", available: number, estimate: number): GatewayError {
  const left = formatRub(Math.max(0, available));
  const what =
    reason === "balance"
      ? `insufficient balance: ${left} RUB available`
      : `this key's spend limit is reached: ${left} RUB left this ${principal.keyLimit?.period === "total" ? "key's lifetime" : principal.keyLimit?.period}`;
  return new GatewayError(
    402,
    `${what}, and this request may cost up to ${formatRub(estimate)} RUB (set max_tokens to lower the estimate)`,
    "insufficient_quota",
    "insufficient_quota",
  );
}

/**
 * Reserves the worst-case cost on the user's balance and the key's limit before the provider is called;
 * refuses with 402 insufficient_quota (naming the balance and the estimate) when either falls short. When the
 * request set no max_tokens (`capCompletion`), a budget short of the model's whole context caps max_tokens to
 * what it can pay for instead of refusing, as OpenRouter does.
 */
export async function reserveWorstCase(
  requestId: string,
  principal: Principal,
  models: CatalogModel[],
  worstFor: (model: CatalogModel) => TokenUsage,
  options: { capCompletion?: boolean } = {},
): Promise<ReservedHold> {
  const { meter, charges } = getBilling();
  // Fallbacks may answer with any planned model: hold the dearest worst case.
  const estimateFor = (usage: (m: CatalogModel) => TokenUsage) => Math.max(...models.map((m) => costMicro(usage(m), m.price)));
  const reserve = (amountMicro: number) =>
    meter.reserve({ id: requestId, userId: principal.userId, keyId: principal.keyId, amountMicro, keyLimit: principal.keyLimit });

  const estimate = estimateFor(worstFor);
  let result = await reserve(estimate);
  let cappedMaxTokens: number | undefined;
  if (!result.ok && options.capCompletion) {
    const promptCost = estimateFor((m) => ({ ...worstFor(m), completion_tokens: 0 }));
    const dearestOutput = Math.max(...models.map((m) => m.price.outputMicroPer1M), 1);
    const affordable = Math.floor(((result.availableMicro - promptCost) * 1_000_000) / dearestOutput);
    if (affordable >= MIN_CAPPED_COMPLETION) {
      cappedMaxTokens = affordable;
      result = await reserve(estimateFor((m) => ({ ...worstFor(m), completion_tokens: affordable })));
    }
  }
  if (!result.ok) throw insufficient(principal, result.reason, result.availableMicro, estimate);

  let done = false;
  return {
    cappedMaxTokens,
    settle(usage, model) {
      const cost = costMicro(usage, model.price);
      if (done) return cost;
      done = true;
      if (cost === 0) {
        void meter.release(requestId);
      } else {
        // Free all but the cost now, so the next request sees the money at once; the cost stays held until booked.
        void meter.shrink(requestId, cost);
        charges.enqueue({ requestId, userId: principal.userId, keyId: principal.keyId, costMicro: cost, priceId: model.price.id, note: model.id });
      }
      return cost;
    },
    release() {
      if (done) return;
      done = true;
      void meter.release(requestId);
    },
  };
}
