import { getSessionUser } from "@/server/auth/session";
import { GatewayError } from "@/server/core/errors";
import { describeFailure, playgroundChat, PlaygroundRequestError } from "@/server/services/playground/stream-chat";
import { playgroundChatSchema, type PlaygroundFailure } from "@/server/services/playground/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const fail = (status: number, error: string) => Response.json({ error, status } satisfies PlaygroundFailure, { status });

/** The portal playground's chat: useChat's transport posts here; the answer streams through the gateway. */
export async function POST(req: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return fail(401, "sign in to use the playground");
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
    return await playgroundChat(parsed.data, user.id, req.signal);
  } catch (err) {
    if (err instanceof PlaygroundRequestError || err instanceof GatewayError) return Response.json(describeFailure(err), { status: err.status });
    throw err;
  }
}
