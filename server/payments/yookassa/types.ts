import { z } from "zod";

/** Wire types of the YooKassa API v3 subset used for top-ups (/work/shared/payments-yookassa.md §2–§6). */

export interface MonetaryAmount {
  /** Decimal string, exactly two decimals for RUB ("500.00"). */
  value: string;
  currency: string;
}

export type PaymentStatus = "pending" | "waiting_for_capture" | "succeeded" | "canceled";

export interface CreatePaymentRequest {
  amount: MonetaryAmount;
  capture: boolean;
  confirmation: { type: "redirect"; return_url: string; locale?: "ru_RU" | "en_US" };
  description: string;
  metadata: Record<string, string>;
  receipt?: Receipt;
}

export interface Receipt {
  customer: { email?: string; phone?: string };
  items: {
    description: string;
    quantity: number | string;
    amount: MonetaryAmount;
    vat_code: number;
    payment_subject?: string;
    payment_mode?: string;
    measure?: string;
  }[];
}

const amountSchema = z.object({ value: z.string(), currency: z.string() });

/** The fields the service relies on are checked; everything else is kept as sent. */
export const paymentSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(["pending", "waiting_for_capture", "succeeded", "canceled"]),
  paid: z.boolean(),
  amount: amountSchema,
  test: z.boolean(),
  created_at: z.string(),
  // §2.3: metadata comes back as {} even when none was sent; tolerate its absence anyway.
  metadata: z.record(z.string(), z.string().nullable()).nullish(),
  description: z.string().optional(),
  confirmation: z.looseObject({ type: z.string(), confirmation_url: z.string().optional() }).optional(),
  cancellation_details: z.object({ party: z.string(), reason: z.string() }).optional(),
  captured_at: z.string().optional(),
  income_amount: amountSchema.optional(),
});

export type YooKassaPayment = z.infer<typeof paymentSchema>;

export const paymentListSchema = z.looseObject({
  type: z.literal("list"),
  items: z.array(paymentSchema),
  next_cursor: z.string().optional(),
});

export type YooKassaPaymentList = z.infer<typeof paymentListSchema>;

export const meSchema = z.looseObject({
  account_id: z.string(),
  status: z.string(),
  test: z.boolean(),
  fiscalization_enabled: z.boolean().optional(),
  fiscalization: z.object({ enabled: z.boolean(), provider: z.string().optional() }).optional(),
  payment_methods: z.array(z.string()).optional(),
});

export type YooKassaMe = z.infer<typeof meSchema>;

/** §6.1: every error body. */
export interface YooKassaErrorBody {
  type: "error";
  id: string;
  code: string;
  description?: string;
  parameter?: string;
  /** Milliseconds. */
  retry_after?: number;
}

/** §5.2: what YooKassa POSTs to the webhook URL. There is no signature: the body is only a hint. */
export const notificationSchema = z.object({
  type: z.literal("notification"),
  event: z.string().min(1),
  object: z.looseObject({ id: z.string().min(1).max(64) }),
});

export type YooKassaNotification = z.infer<typeof notificationSchema>;

export interface PaymentListQuery {
  "created_at.gte"?: string;
  "created_at.gt"?: string;
  "created_at.lte"?: string;
  "created_at.lt"?: string;
  status?: PaymentStatus;
  limit?: number;
  cursor?: string;
}
