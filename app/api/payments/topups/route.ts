import { requestOrigin } from "@/server/auth/request-info";
import { getActingAccount } from "@/server/auth/acting-account";
import { getDb } from "@/server/db";
import { parseRubInput } from "@/server/core/format/rub";
import { getPayments } from "@/server/payments";
import { createTopup, TopupInputError, TopupProviderError } from "@/server/services/topups/create-topup";
import { TOPUP_INPUT_CODES, TOPUP_RULES } from "@/server/services/topups/topup-limits";
import { listTopups } from "@/server/services/topups/list-topups";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can } from "@/server/services/organizations/permissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const fail = (status: number, error: string, message: string) => Response.json({ error, message }, { status });

/**
 * Starts a top-up of the chosen account (an organization's wallet for its owners, admins and billing):
 * `{ "amount": "1000" }` (rubles) → `{ id, confirmationUrl }`; the browser then goes to YooKassa.
 */
export async function POST(req: Request): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return fail(401, "unauthorized", "sign in to top up");
  if (!can(acting.account, "billing.pay")) return fail(403, "role_forbidden", "your role in the organization cannot top up");
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
      { userId: accountUserId(acting.account), amountMicro, returnUrlBase: await requestOrigin() },
    );
    return Response.json({ id: topup.id, confirmationUrl });
  } catch (err) {
    if (err instanceof TopupInputError) return fail(400, err.code, err.message);
    if (err instanceof TopupProviderError)
      return fail(502, "provider_error", "the payment service is unavailable, try again later");
    throw err;
  }
}

/** The chosen account's top-ups, newest first. */
export async function GET(): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return fail(401, "unauthorized", "sign in to see top-ups");
  if (!can(acting.account, "billing.read")) return fail(403, "role_forbidden", "your role in the organization cannot see top-ups");
  return Response.json({ topups: await listTopups(await getDb(), accountUserId(acting.account)) });
}
