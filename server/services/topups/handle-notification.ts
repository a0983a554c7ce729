import { YooKassaApiError } from "../../payments/yookassa/client";
import { notificationSchema, type YooKassaNotification } from "../../payments/yookassa/types";
import { applyPayment, type ApplyResult } from "./apply-payment";
import { logOf, type TopupDeps } from "./deps";

/**
 * Parses a webhook body (§5.2). Anything that is not `{"type":"notification","event":…,"object":{"id":…}}`
 * is garbage (the route answers 400); everything well-formed is acknowledged with 200, known or not.
 */
export function parseNotification(raw: string): YooKassaNotification | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = notificationSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export type NotificationResult = ApplyResult | { result: "ignored"; reason: string };

/**
 * Handles a notification without trusting its body (there is no signature, §5.3): only `object.id` is used,
 * to fetch the payment from the API; the crediting decision rests on that answer alone. Unknown or foreign
 * payments are logged and ignored. Errors reaching YooKassa are thrown (the reconciler recovers later).
 */
export async function handleNotification(
  deps: TopupDeps,
  notification: YooKassaNotification,
): Promise<NotificationResult> {
  const log = logOf(deps);
  if (!notification.event.startsWith("payment.")) {
    log.info(
      { event: notification.event, id: notification.object.id },
      "yookassa: notification ignored (not a payment event)",
    );
    return { result: "ignored", reason: `event ${notification.event}` };
  }
  let payment;
  try {
    payment = await deps.payments.getPayment(notification.object.id);
  } catch (err) {
    if (err instanceof YooKassaApiError && err.status === 404) {
      log.warn(
        { event: notification.event, id: notification.object.id },
        "yookassa: notification for an unknown payment, ignored",
      );
      return { result: "ignored", reason: "payment not found at YooKassa" };
    }
    throw err;
  }
  return applyPayment(deps, payment);
}
