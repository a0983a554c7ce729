import type { z } from "zod";
import type { BilledUsage, TokenUsage } from "../../billing/cost";
import type { ReservedHold } from "../../billing/hold";
import type { CatalogModel } from "../../core/catalog";
import type { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import type { ChatCompletionChunk } from "../../providers/openai";
import type { CallContext } from "../../providers/types";
import type { Success } from "../../routing/execute";
import type { Plan, PlanInput, Route } from "../../routing/plan";
import type { CacheSlot, CachedAnswer } from "../cache/response-cache";
import type { ResponseSink } from "../sink";
import type { RequestContext } from "./context";

/** One request on its way through the stages (see runEndpoint). */
export interface Run<Req> {
  req: Req;
  principal: Principal;
  ctx: RequestContext;
  sink: ResponseSink;
  plan: Plan;
  hold: ReservedHold;
  /**
   * Sent with the answer: the key's rate-limit headers (and the max_tokens cap, when the budget set one), and
   * `x-xrouter-cache` for a cacheable request.
   */
  limitHeaders: Record<string, string>;
  /** Set for a cacheable request (see pipeline/cache.ts). */
  cache?: CacheRun;
}

/** A cacheable request that missed (or bypassed) the response cache. */
export interface CacheRun {
  result: "miss" | "bypass" | "refresh";
  /** Where a complete answer is kept, and for how long; unset when it is not to be kept (bypass). */
  keep?: { slot: CacheSlot; ttlSeconds: number };
  /** The upstream chunks of a stream to keep, as relayed (relayChatStream appends them). */
  chunks?: ChatCompletionChunk[];
}

/** A request answered from the response cache: no plan, no hold, no upstream call. */
export interface CacheHit<Req> {
  req: Req;
  ctx: RequestContext;
  sink: ResponseSink;
  answer: CachedAnswer;
  /** x-request-id, x-xrouter-cache (hit or semantic-hit), age, the original provider and model, the rate-limit headers. */
  headers: Record<string, string>;
}

/** What makes an endpoint's answers cacheable (docs/api/cache.md): how one is kept, and how a kept one is replayed. */
export interface EndpointCache<Req, Answer> {
  /** The endpoint's form of a complete answer (CachedAnswer.body). */
  keep(run: Run<Req>, done: Success<Answer>, outcome: Outcome): unknown;
  /** Answers a hit exactly as the miss was answered (JSON or stream), with `costMicro` as its cost. */
  replay(hit: CacheHit<Req>, costMicro: number): void;
}

/** What the caller got, as billed and recorded. */
export interface Outcome {
  usage: BilledUsage;
  /** 200, or the status of a stream that broke after it started (499 when the caller left). */
  status: number;
  errorCode?: string | null;
  /** What broke a stream after it started: told to a caller still listening. */
  failure?: GatewayError;
  finishReason?: string | null;
  firstTokenMs?: number;
}

/**
 * What an API endpoint supplies to the pipeline: its request schema, how it is routed and priced, its provider
 * call and its answer. Everything else (identify, validate, plan, admit, call with fallbacks, settle, record,
 * the route headers and the failure answers) is the pipeline's, the same for every endpoint.
 */
export interface Endpoint<Req extends { model: string }, Answer> {
  /** The requests table's `endpoint`. */
  name: string;
  schema: z.ZodType<Req>;
  /** Checks the schema cannot express (a 400 when they fail). */
  check?(req: Req): void;
  /** What the planner is asked: the model(s), the caller's preferences and what the request needs. */
  planInput(req: Req, principal: Principal, catalog: Map<string, CatalogModel>): PlanInput;
  /** The most the request can use on a model: what is held before the call. */
  worstCase(req: Req, model: CatalogModel): TokenUsage;
  /** True when the caller left the completion's length open: a budget short of the worst case caps it. */
  capCompletion?(req: Req): boolean;
  /** Applies such a cap to the request. */
  applyCap?(req: Req, maxTokens: number): void;
  /** True for a streamed answer (recorded). */
  streams?(req: Req): boolean;
  /** One attempt on one route; the pipeline retries and falls back until one answers. */
  call(req: Req, route: Route, call: CallContext): Promise<Answer>;
  /**
   * Sends what may go before the charge is marked (a stream's headers and chunks, as they come) and returns what
   * the caller got. A JSON answer sends nothing here: its body carries the cost.
   */
  deliver(run: Run<Req>, done: Success<Answer>): Promise<Outcome>;
  /** The answer's last bytes, once its cost is marked on the hold: a JSON body, or a stream's final events. */
  complete(run: Run<Req>, done: Success<Answer>, outcome: Outcome, costMicro: number): void;
  /** Set when the endpoint's answers may be served from the response cache. */
  cache?: EndpointCache<Req, Answer>;
}
