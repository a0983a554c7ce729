import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, users } from "../../db/schema";
import { getCatalog } from "../../core/catalog";
import { GatewayError } from "../../core/errors";
import { worstCaseChat } from "../../billing/hold";
import { validate } from "../../gateway/validate";
import { chatImageParts } from "../../gateway/vision";
import { chatRequestSchema, type ChatRequest } from "../../providers/openai";
import { isOpen } from "../../routing/breakers";
import { planRoutes, type Needs } from "../../routing/plan";
import { coolingDown } from "../../routing/slots";
import { findUserByEmail } from "../users/find-user-by-email";

export interface PreviewInput {
  /** A chat completion request body as JSON text. */
  request: string;
  /** A user's email or id; the routing rules see this user (a stand-in id when empty). */
  user?: string;
  /** The API key's tags the rules match on; merged with the tags of `keyId` when given. */
  keyTags: string[];
  keyId?: string;
}

export interface PreviewRoute {
  model: string;
  upstreamModel: string;
  accountId: string;
  accountName: string;
  provider: string;
  source: string;
  /** Behind an open breaker or cooling down after a quota answer: tried last. */
  unwell: boolean;
}

export type PreviewResult =
  | { ok: true; reason: string; userId: string; keyTags: string[]; routes: PreviewRoute[] }
  | { ok: false; status: number; error: string };

/** The gateway's needs of a chat request (same as server/gateway/chat.ts). */
function chatNeeds(req: ChatRequest): Needs {
  const format = req.response_format?.type;
  return {
    kind: "chat",
    tools: (req.tools?.length ?? 0) > 0,
    json: format === "json_object" || format === "json_schema",
    contextTokens: worstCaseChat(req).prompt_tokens + (req.max_completion_tokens ?? req.max_tokens ?? 0),
    imageParam: chatImageParts(req.messages)[0]?.param,
  };
}

const PREVIEW_USER = "usr_preview";

/**
 * The routes a chat request would take, in order, with the reason: the real planner over the live catalog,
 * rules, strategies, breakers and cooldowns, without calling any provider. Weighted orders are random, so
 * two previews may differ within a priority group.
 */
export async function previewPlan(db: Db, input: PreviewInput): Promise<PreviewResult> {
  let body: unknown;
  try {
    body = JSON.parse(input.request);
  } catch {
    return { ok: false, status: 400, error: "the request is not valid JSON" };
  }
  let userId = PREVIEW_USER;
  const who = input.user?.trim();
  if (who) {
    const found = who.includes("@") ? await findUserByEmail(db, who) : (await db.select().from(users).where(eq(users.id, who)))[0];
    if (!found) return { ok: false, status: 404, error: `no user '${who}'` };
    userId = found.id;
  }
  let tags = input.keyTags.map((t) => t.trim()).filter(Boolean);
  let allowedModels: string[] | null = null;
  if (input.keyId) {
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, input.keyId));
    if (!key) return { ok: false, status: 404, error: `no key '${input.keyId}'` };
    userId = key.userId;
    tags = [...new Set([...tags, ...(key.tags ?? [])])];
    allowedModels = key.allowedModels;
  }
  try {
    const req = validate(chatRequestSchema, body);
    const plan = await planRoutes({
      model: req.model,
      models: req.models,
      preferences: req.provider,
      request: req,
      needs: chatNeeds(req),
      principal: { userId, keyId: input.keyId ?? "key_preview", rpm: null, allowedModels, tags },
      catalog: await getCatalog(),
    });
    const cooling = await coolingDown(plan.routes.map((r) => r.account.id));
    return {
      ok: true,
      reason: plan.reason,
      userId,
      keyTags: tags,
      routes: plan.routes.map((r, i) => ({
        model: r.model.id,
        upstreamModel: r.upstreamModel,
        accountId: r.account.id,
        accountName: r.account.name,
        provider: r.account.provider,
        source: r.account.source,
        unwell: cooling[i]! || isOpen(r.account.id, r.model.id),
      })),
    };
  } catch (err) {
    if (err instanceof GatewayError) return { ok: false, status: err.status, error: err.message };
    throw err;
  }
}
