import type { CatalogModel } from "../core/catalog";
import { badRequest, GatewayError } from "../core/errors";
import type { Principal } from "../core/principal";
import type { ChatRequest, ProviderPreferences } from "../providers/openai";
import { accountsServing, getAccounts, upstreamModelFor, type Account } from "./accounts";
import { isOpen } from "./breakers";
import { honoursAll } from "./capabilities";
import { latencyOf } from "./latency";
import { getRules, ruleMatches, stickyBucket } from "./rules";
import { affinityKey, rendezvousOrder, stickyOrder } from "./session-affinity";
import { coolingDown, inFlight } from "./slots";
import { DEFAULT_STRATEGY, orderAccounts, type Signals } from "./strategies";
import { modelStrategies } from "./strategies/model-strategies";

export interface Route {
  model: CatalogModel;
  account: Account;
  upstreamModel: string;
  /**
   * The conversation this request belongs to, as routing keys it (a hash of user and session id, see
   * session-affinity.ts): for providers that group a conversation's requests (GigaChat's X-Session-ID).
   */
  affinity?: string;
}

export interface Plan {
  routes: Route[];
  /** Why the first route was chosen: strategy, rule, auto selection, fallback list. */
  reason: string;
}

export interface Needs {
  kind: CatalogModel["kind"];
  tools: boolean;
  json: boolean;
  /** Worst-case tokens the request needs from the context window. */
  contextTokens: number;
  /** The param of the request's first image part (`messages.0.content.1`), when it has one: only models with vision serve it. */
  imageParam?: string;
}

const pricePer1M = (m: CatalogModel) => m.price.inputMicroPer1M + m.price.outputMicroPer1M;

/** The live values strategies order a model's accounts by. */
const signalsFor = (model: CatalogModel, random: () => number): Signals => ({
  random,
  inFlight,
  latencyMs: (accountId) => latencyOf(accountId, model.id),
});

function checkModel(model: CatalogModel | undefined, id: string, needs: Needs): CatalogModel {
  if (!model || model.kind !== needs.kind) {
    const what = needs.kind === "chat" ? "chat model" : "embedding model";
    throw new GatewayError(404, `${what} '${id}' does not exist; GET /api/v1/models lists them`, "invalid_request_error", "model_not_found", "model");
  }
  return model;
}

function supports(model: CatalogModel, needs: Needs): boolean {
  return (
    (!needs.tools || model.features.tools) &&
    (!needs.json || model.features.json) &&
    (!needs.imageParam || model.features.vision === true) &&
    model.contextLength >= needs.contextTokens
  );
}

/** A request with images for a model without vision: a 400 naming the image, and the models that take one. */
function withoutVision(id: string, param: string, served: CatalogModel[]): GatewayError {
  const vision = served.filter((m) => m.kind === "chat" && m.features.vision).map((m) => m.id).sort();
  const which = vision.length ? `models with vision: ${vision.join(", ")}` : "no model served here has vision";
  return badRequest(`${param}: model '${id}' does not take images; ${which} (GET /api/v1/models: features.vision)`, param, "unsupported_parameter");
}

/** `auto`: every model with the needed features, cheapest first. */
function autoModels(catalog: Map<string, CatalogModel>, needs: Needs, served: (m: CatalogModel) => boolean): CatalogModel[] {
  return [...catalog.values()].filter((m) => m.kind === needs.kind && supports(m, needs) && served(m)).sort((a, b) => pricePer1M(a) - pricePer1M(b));
}

export interface PlanInput {
  model: string;
  models?: string[];
  preferences?: ProviderPreferences;
  /** For `require_parameters`. */
  request?: ChatRequest;
  needs: Needs;
  principal: Principal;
  catalog: Map<string, CatalogModel>;
  random?: () => number;
  /** The conversation the caller named (`x-session-id`, `prompt_cache_key`, `session_id`), already validated. */
  session?: string;
}

/**
 * The ordered list of upstream attempts for a request: the model (or `auto`, or the `models` fallback
 * list), the routing rules, the caller's provider preferences, then each model's accounts in strategy order.
 * Accounts behind an open breaker or cooling down after a quota answer go last. A request that names a conversation
 * keeps to the conversation's account among the healthy candidates (session-affinity.ts) instead of the strategy.
 */
export async function planRoutes(input: PlanInput): Promise<Plan> {
  const { principal, catalog, needs, preferences: prefs = {} } = input;
  const random = input.random ?? Math.random;
  const accounts = await getAccounts();
  const servedBy = (m: CatalogModel) => accountsServing(accounts, m);
  const affinity = input.session === undefined ? undefined : affinityKey(principal.userId, input.session);
  let reasons: string[] = [];

  let ids = [input.model, ...(input.models ?? []).filter((m) => m !== input.model)];
  let allowedProviders: string[] | undefined;
  for (const rule of await getRules()) {
    if (!ruleMatches(rule, { userId: principal.userId, keyTags: principal.tags ?? [], model: input.model })) continue;
    if (rule.action.type === "providers") {
      allowedProviders = rule.action.only;
      reasons.push(`rule '${rule.name}'`);
    } else if (stickyBucket(rule.id, principal.userId) < rule.action.percent) {
      const to = rule.action.to;
      ids = [to, ...ids.filter((m) => m !== to)];
      reasons.push(`rule '${rule.name}' (A/B: ${rule.action.percent}% to ${to})`);
    }
  }

  let models: CatalogModel[];
  if (ids[0] === "auto") {
    models = autoModels(catalog, needs, (m) => servedBy(m).length > 0);
    reasons.push("auto: cheapest model with the features the request uses");
  } else {
    models = ids.map((id, i) => {
      const model = checkModel(catalog.get(id), id, needs);
      if (i === 0 && !supports(model, needs)) {
        if (needs.imageParam && !model.features.vision) {
          throw withoutVision(id, needs.imageParam, [...catalog.values()].filter((m) => servedBy(m).length > 0));
        }
        const param = needs.tools && !model.features.tools ? "tools" : needs.json && !model.features.json ? "response_format" : "messages";
        throw badRequest(`model '${id}' does not support what this request uses (${param})`, param, "unsupported_parameter");
      }
      return model;
    });
    models = models.filter((m, i) => i === 0 || supports(m, needs));
    if (input.models?.length) reasons.push("fallback list");
  }
  if (principal.allowedModels) {
    const allowed = principal.allowedModels;
    if (ids[0] !== "auto" && !allowed.includes(models[0]!.id))
      throw new GatewayError(403, `this API key may not use '${models[0]!.id}'`, "permission_error", "model_not_allowed", "model");
    models = models.filter((m) => allowed.includes(m.id));
  }
  if (prefs.max_price) {
    const { prompt, completion } = prefs.max_price;
    models = models.filter(
      (m) =>
        (prompt === undefined || m.price.inputMicroPer1M <= prompt * 1_000_000) &&
        (completion === undefined || m.price.outputMicroPer1M <= completion * 1_000_000),
    );
  }

  const strategyOf = await modelStrategies();
  const routes: Route[] = [];
  for (const model of models) {
    const candidates = servedBy(model).filter(
      (a) =>
        (!allowedProviders || allowedProviders.includes(a.provider)) &&
        (!prefs.only || prefs.only.includes(a.provider)) &&
        !(prefs.ignore ?? []).includes(a.provider) &&
        (!prefs.require_parameters || !input.request || honoursAll(a.provider, input.request)),
    );
    const ordered = affinity
      ? rendezvousOrder(candidates, affinity, model.id)
      : await orderAccounts(candidates, strategyOf.get(model.id) ?? DEFAULT_STRATEGY, signalsFor(model, random));
    // Accounts cooling down after a quota answer, or behind an open breaker, go last: tried only when nothing
    // else is left (an open breaker then refuses at once, and lets its half-open probe through when due).
    // With one candidate the order cannot change: skip the store round trip.
    const cooling = ordered.length > 1 ? await coolingDown(ordered.map((a) => a.id)) : [false];
    const well: Account[] = [];
    const unwell: Account[] = [];
    ordered.forEach((a, i) => (cooling[i] || isOpen(a.id, model.id) ? unwell : well).push(a));
    for (const account of [...(affinity ? stickyOrder(well, affinity, model.id) : well), ...unwell])
      routes.push({ model, account, upstreamModel: upstreamModelFor(account, model)!, ...(affinity && { affinity }) });
  }
  if (affinity) reasons.push("session affinity");

  if (prefs.order?.length) {
    const rank = (r: Route) => {
      const i = prefs.order!.indexOf(r.account.provider);
      return i < 0 ? prefs.order!.length : i;
    };
    routes.sort((a, b) => rank(a) - rank(b));
    reasons.push(`provider order ${prefs.order.join(" > ")}`);
  }
  if (prefs.sort === "price") routes.sort((a, b) => pricePer1M(a.model) - pricePer1M(b.model));
  if (prefs.sort === "latency" || prefs.sort === "throughput")
    routes.sort((a, b) => latencyOf(a.account.id, a.model.id) - latencyOf(b.account.id, b.model.id));
  if (prefs.sort) reasons.push(`sorted by ${prefs.sort}`);

  const final = prefs.allow_fallbacks === false ? routes.slice(0, 1) : routes;
  if (final.length === 0) {
    throw new GatewayError(
      503,
      `no available route for '${input.model}': every provider that serves it is excluded, cooling down or failing`,
      "upstream_error",
      "no_route",
      "model",
    );
  }
  if (reasons.length === 0) reasons = [strategyOf.get(final[0]!.model.id) ?? DEFAULT_STRATEGY];
  return { routes: final, reason: reasons.join("; ") };
}
