import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { exportActivityCsv } from "@/server/services/usage/export-activity-csv";
import { resolveRange, usageFiltersSchema } from "@/server/services/usage/filters";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** GET /api/activity/export?from&to&model&keyId: the signed-in user's requests in the range as a CSV download. */
export async function GET(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return text(401, "unauthorized");

  const params: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) if (value.trim()) params[name] = value;
  const parsed = usageFiltersSchema.safeParse(params);
  if (!parsed.success) return text(400, parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));

  const chunks = await exportActivityCsv(await getDb(), user.id, parsed.data);
  if (!chunks) return text(404, "key_not_found");
  const { from, to } = resolveRange(parsed.data);

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="xrouter-activity-${from}-${to}.csv"`,
      "cache-control": "no-store",
    },
  });
}
