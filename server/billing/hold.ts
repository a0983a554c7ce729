import type { CatalogModel } from "../core/catalog";
import { GatewayError } from "../core/errors";
import type { Principal } from "../core/principal";
import { getLogger } from "../logging/logger";
import { formatRub } from "../money";
import { costMicro, type TokenUsage } from "./cost";
import { getBilling } from "./index";
import { IMAGE_TOKENS_ESTIMATE, promptJson } from "./prompt-size";
import type { ReserveInput, ReserveResult } from "./meter";

/** What the worst case of a chat request is estimated from (the OpenAI request's fields). */
export interface ChatPrompt {
  messages: unknown;
  tools?: unknown;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
}

/** A charge made: its cost, and when the answer's last bytes may follow (the mark is sent: MarkReceipt). */
export interface Settlement {
  costMicro: number;
  sent: Promise<void>;
}

/** A held worst case that ends exactly once: charged for what was used, or released. */
export interface Hold {
  /**
   * Charges the usage at the answering model's price row (captured when the request was planned). The answer's
   * last bytes go once the charge's mark is sent; the booking follows in batches.
   */
  settle(usage: TokenUsage, model: CatalogModel): Settlement;
  /** Records what a stream has delivered so far: what is billed if this instance dies before the stream ends. */
  progress(usage: TokenUsage, model: CatalogModel): void;
  /** Frees everything: nothing reached the caller. */
  release(): void;
}

/** A settlement with no mark to send: the answer may end at once. */
const NOTHING_TO_SEND = Promise.resolve();

// Russian text runs about 2-4 characters a token: 2 keeps the estimate on the safe side.
const worstTokens = (text: string) => Math.ceil(text.length / 2);

/** Worst-case tokens of a chat request: the prompt plus max_tokens, or the rest of the model's context. */
export function worstCaseChat(req: ChatPrompt, model?: CatalogModel): TokenUsage {
  const { json, images } = promptJson(req.messages);
  const prompt = worstTokens(json + JSON.stringify(req.tools ?? "")) + images * IMAGE_TOKENS_ESTIMATE;
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

type Shortfall = Exclude<ReserveResult, { ok: true }>["reason"];

function insufficient(principal: Principal, reason: Shortfall, available: number, estimate: number): GatewayError {
  const left = formatRub(Math.max(0, available));
  const what = {
    balance: () => `insufficient balance: ${left} RUB available`,
    key_limit: () =>
      `this key's spend limit is reached: ${left} RUB left this ${principal.keyLimit?.period === "total" ? "key's lifetime" : principal.keyLimit?.period}`,
    member_limit: () => `this member's monthly spending limit in the organization is reached: ${left} RUB left this month`,
  }[reason]();
  return new GatewayError(
    402,
    `${what}, and this request may cost up to ${formatRub(estimate)} RUB (set max_tokens to lower the estimate)`,
    "insufficient_quota",
    "insufficient_quota",
  );
}

/**
 * Reserves the worst-case cost on the user's balance, the key's limit and the organization member's limit before
 * the provider is called; refuses with 402 insufficient_quota (naming what fell short and the estimate) when one
 * does. When the request set no max_tokens (`capCompletion`), a budget short of the model's whole context caps
 * max_tokens to what it can pay for instead of refusing, as OpenRouter does. `reserve` asks for the hold with other checks (the
 * pipeline's admission); each call is one reservation of the request.
 */
export async function reserveWorstCase(
  requestId: string,
  principal: Principal,
  models: CatalogModel[],
  worstFor: (model: CatalogModel) => TokenUsage,
  options: { capCompletion?: boolean; reserve?: (input: ReserveInput) => Promise<ReserveResult> } = {},
): Promise<ReservedHold> {
  const { meter, charges } = getBilling();
  // Fallbacks may answer with any planned model: hold the dearest worst case.
  const estimateFor = (usage: (m: CatalogModel) => TokenUsage) => Math.max(...models.map((m) => costMicro(usage(m), m.price)));
  const reserveWith = options.reserve ?? ((input: ReserveInput) => meter.reserve(input));
  const reserve = (amountMicro: number) =>
    reserveWith({ id: requestId, userId: principal.userId, keyId: principal.keyId, amountMicro, keyLimit: principal.keyLimit, member: principal.member });

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

  const log = getLogger();
  const markOf = (usage: TokenUsage, model: CatalogModel) => ({ costMicro: costMicro(usage, model.price), priceId: model.price.id, note: model.id });
  let done = false;
  return {
    cappedMaxTokens,
    settle(usage, model) {
      const mark = markOf(usage, model);
      if (done) return { costMicro: mark.costMicro, sent: NOTHING_TO_SEND };
      done = true;
      if (mark.costMicro === 0) {
        meter.release(requestId).catch((err: unknown) => log.warn({ err }, "could not release a hold; its lease will"));
        return { costMicro: 0, sent: NOTHING_TO_SEND };
      }
      charges.enqueue({ requestId, userId: principal.userId, keyId: principal.keyId, ...mark });
      // The mark also frees all but the cost, so the next request sees the money at once. When the store cannot
      // take it, the charge is still booked from this process's queue.
      const receipt = meter.mark(requestId, mark, true);
      receipt.applied.catch((err: unknown) => log.warn({ err }, "could not record a charge on its hold"));
      return { costMicro: mark.costMicro, sent: receipt.sent.catch(() => undefined) };
    },
    progress(usage, model) {
      if (done) return;
      meter.mark(requestId, markOf(usage, model), false).applied.catch((err: unknown) => log.warn({ err }, "could not record stream progress"));
    },
    release() {
      if (done) return;
      done = true;
      meter.release(requestId).catch((err: unknown) => log.warn({ err }, "could not release a hold; its lease will"));
    },
  };
}
