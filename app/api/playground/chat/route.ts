import { getActingAccount } from "@/server/auth/acting-account";
import { GatewayError } from "@/server/core/errors";
import { describeFailure, playgroundChat, PlaygroundRequestError } from "@/server/services/playground/stream-chat";
import { playgroundChatSchema, type PlaygroundFailure } from "@/server/services/playground/types";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can } from "@/server/services/organizations/permissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const fail = (status: number, error: string) => Response.json({ error, status } satisfies PlaygroundFailure, { status });

/**
 * The portal playground's chat: useChat's transport posts here; the answer streams through the gateway, charged to
 * the chosen account (in an organization: the member's own Playground key there, so their limit holds).
 */
export async function POST(req: Request): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return fail(401, "sign in to use the playground");
  const { user, account } = acting;
  if (!can(account, "playground.use")) return fail(403, "your role in the organization cannot use the playground");
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return fail(400, "the request body is not valid JSON");
  }
  const parsed = playgroundChatSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(400, `invalid request: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "bad input"}`);
  }
  try {
    const member = account.kind === "organization" ? user.id : undefined;
    return await playgroundChat(parsed.data, accountUserId(account), req.signal, member);
  } catch (err) {
    if (err instanceof PlaygroundRequestError || err instanceof GatewayError) return Response.json(describeFailure(err), { status: err.status });
    throw err;
  }
}
