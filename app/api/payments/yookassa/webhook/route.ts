import { after } from "next/server";
import { getDb } from "@/server/db";
import { getLogger } from "@/server/logging/logger";
import { BodyTooLargeError, readLimitedText } from "@/server/net/limited-body";
import { getPayments } from "@/server/payments";
import { handleNotification, parseNotification } from "@/server/services/topups/handle-notification";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * YooKassa's HTTP notifications (payments-yookassa.md §5). The body is unsigned, so it is only a hint: the
 * payment is fetched from the API after the answer and credited on what the API says. Every well-formed
 * notification gets 200 at once (unknown ids too, so YooKassa stops retrying); garbage gets 400. A failure
 * while processing is logged and left to the reconciler (reconcile-pending).
 */
export async function POST(req: Request): Promise<Response> {
  let body: string;
  try {
    body = await readLimitedText(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return Response.json({ error: err.message }, { status: 413 });
    throw err;
  }
  const notification = parseNotification(body);
  if (!notification) return Response.json({ error: "not a YooKassa notification" }, { status: 400 });
  const log = getLogger();
  after(async () => {
    const payments = getPayments();
    if (!payments) {
      log.warn(
        { event: notification.event, id: notification.object.id },
        "yookassa: notification while payments are not configured",
      );
      return;
    }
    try {
      await handleNotification({ db: await getDb(), payments }, notification);
    } catch (err) {
      log.error(
        { id: notification.object.id, err: err instanceof Error ? err.message : String(err) },
        "yookassa: notification processing failed",
      );
    }
  });
  return new Response(null, { status: 200 });
}
