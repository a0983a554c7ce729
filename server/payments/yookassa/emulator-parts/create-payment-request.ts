import { ApiError, invalid } from "./api-error";
import { isObject, parseAmount, validateReceipt } from "./field-validation";
import type { PaymentState } from "./payment-store";
import type { YooKassaEmulatorShop } from "./types";

const CONFIRMATION_TYPES = ["redirect", "external", "qr", "embedded", "mobile_application"];

export type CreatePaymentRequest = Pick<
  PaymentState,
  "kopecks" | "currency" | "capture" | "description" | "metadata" | "returnUrl" | "receipt"
>;

/** Validates the body of POST /payments for `shop`, answering 400 (or 403 for raw card data) as the API does. */
export function parseCreatePaymentRequest(shop: YooKassaEmulatorShop, body: unknown): CreatePaymentRequest {
  if (!isObject(body)) throw invalid("Request body is not a JSON object");
  const { kopecks, currency } = parseAmount(body.amount, "amount");
  if (body.capture !== undefined && typeof body.capture !== "boolean")
    throw invalid("Capture must be boolean", "capture");
  if (body.description !== undefined) {
    if (typeof body.description !== "string") throw invalid("Description is illegal", "description");
    if (body.description.length > 128) throw invalid("Description is too long. Max. length is 128", "description");
  }
  const metadata = parseMetadata(body.metadata);
  const methods = ["payment_method_data", "payment_method_id", "payment_token"].filter((k) => body[k] !== undefined);
  if (methods.length > 1)
    throw invalid("Request should contain only one of: payment_method_data, payment_method_id, payment_token");
  if (body.payment_method_data !== undefined) {
    const data = body.payment_method_data;
    if (!isObject(data) || typeof data.type !== "string")
      throw invalid("Payment method data is illegal", "payment_method_data.type");
    if (isObject(data.card))
      throw new ApiError(403, "forbidden", "Forbidden to send raw bank card data", "payment_method_data.card");
  }
  let returnUrl: string | undefined;
  if (body.confirmation !== undefined) {
    returnUrl = parseRedirectConfirmation(body.confirmation);
  } else if (methods.length === 0 || body.payment_method_data !== undefined) {
    // With nothing to charge automatically the payer must confirm somewhere; the exact rule and text are UNCONFIRMED.
    const type = isObject(body.payment_method_data) ? String(body.payment_method_data.type) : "bank_card";
    throw invalid(`Missing confirmation type for payment method type: ${type}`, "confirmation");
  }
  if (shop.fiscalization || body.receipt !== undefined) validateReceipt(body.receipt);
  return {
    kopecks,
    currency,
    capture: body.capture === true, // §2.1: capture defaults to false
    description: body.description as string | undefined,
    metadata,
    returnUrl,
    receipt: body.receipt !== undefined,
  };
}

function parseMetadata(metadata: unknown): Record<string, string | null> {
  if (metadata === undefined || metadata === null) return {};
  if (!isObject(metadata)) throw invalid("Metadata is illegal", "metadata");
  const entries = Object.entries(metadata);
  if (entries.length > 16) throw invalid("Metadata object is limited to 16 keys", "metadata");
  for (const [key, value] of entries) {
    if (key.length > 32)
      throw invalid("The key names length in metadata object is limited to 32 characters", "metadata");
    // Non-string values are refused here; what the API does with numbers is UNCONFIRMED.
    if (value !== null && typeof value !== "string")
      throw invalid("Metadata values must be strings", `metadata.${key}`);
    if (typeof value === "string" && value.length > 512) {
      throw invalid("The key values length in metadata object is limited to 512 characters", "metadata");
    }
  }
  return metadata as Record<string, string | null>;
}

/** The emulator supports only the redirect confirmation; returns its return_url. */
function parseRedirectConfirmation(c: unknown): string {
  if (!isObject(c) || typeof c.type !== "string" || !CONFIRMATION_TYPES.includes(c.type)) {
    throw invalid("Confirmation type is illegal", "confirmation.type");
  }
  if (c.type !== "redirect") throw invalid(`The emulator only supports the redirect confirmation`, "confirmation.type");
  if (c.return_url === undefined || c.return_url === null || c.return_url === "") {
    throw invalid("Return url is missing", "confirmation.return_url");
  }
  if (typeof c.return_url !== "string" || c.return_url.length > 2048 || !URL.canParse(c.return_url)) {
    throw invalid("Return url is illegal", "confirmation.return_url");
  }
  return c.return_url;
}
