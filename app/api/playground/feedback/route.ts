import { getActingAccount } from "@/server/auth/acting-account";
import { getDb } from "@/server/db";
import { rateRequest } from "@/server/services/feedback/rate-request";
import { feedbackInputSchema } from "@/server/services/feedback/types";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can } from "@/server/services/organizations/permissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const fail = (status: number, error: string) => Response.json({ error }, { status });

/** Thumbs up/down on one of the chosen account's playground answers: `{ requestId, rating: 1 | -1 }`, repeatable (upsert). */
export async function POST(req: Request): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return fail(401, "sign in to rate answers");
  if (!can(acting.account, "playground.use")) return fail(403, "your role in the organization cannot use the playground");
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return fail(400, "the request body is not valid JSON");
  }
  const parsed = feedbackInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(400, `invalid request: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "bad input"}`);
  }
  const saved = await rateRequest(await getDb(), accountUserId(acting.account), parsed.data.requestId, parsed.data.rating);
  if (!saved) return fail(404, "request not found");
  return Response.json({ requestId: saved.requestId, rating: saved.rating });
}
