import { requestOrigin } from "@/server/auth/request-info";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { parseRubInput } from "@/server/core/format/rub";
import { getPayments } from "@/server/payments";
import { createTopup, TopupInputError, TopupProviderError } from "@/server/services/topups/create-topup";
import { TOPUP_INPUT_CODES, TOPUP_RULES } from "@/server/services/topups/topup-limits";
import { listTopups } from "@/server/services/topups/list-topups";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const fail = (status: number, error: string, message: string) => Response.json({ error, message }, { status });

/** Starts a top-up: `{ "amount": "1000" }` (rubles) → `{ id, confirmationUrl }`; the browser then goes to YooKassa. */
export async function POST(req: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return fail(401, "unauthorized", "sign in to top up");
  const payments = getPayments();
  if (!payments) return fail(503, "payments_unavailable", "top-ups are not configured");
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return fail(400, "invalid_json", "the request body is not valid JSON");
  }
  const raw = (body as { amount?: unknown } | null)?.amount;
  const amount = typeof raw === "string" || typeof raw === "number" ? parseRubInput(raw, TOPUP_RULES) : undefined;
  if (!amount?.ok) {
    const code = amount ? TOPUP_INPUT_CODES[amount.error] : "amount_not_kopecks";
    return fail(400, code, 'amount must be rubles from 100 to 100000, e.g. "1000" or "1000,50"');
  }
  const amountMicro = amount.micro;
  try {
    const { topup, confirmationUrl } = await createTopup(
      { db: await getDb(), payments },
      { userId: user.id, amountMicro, returnUrlBase: await requestOrigin() },
    );
    return Response.json({ id: topup.id, confirmationUrl });
  } catch (err) {
    if (err instanceof TopupInputError) return fail(400, err.code, err.message);
    if (err instanceof TopupProviderError)
      return fail(502, "provider_error", "the payment service is unavailable, try again later");
    throw err;
  }
}

/** The signed-in user's top-ups, newest first. */
export async function GET(): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return fail(401, "unauthorized", "sign in to see top-ups");
  return Response.json({ topups: await listTopups(await getDb(), user.id) });
}
