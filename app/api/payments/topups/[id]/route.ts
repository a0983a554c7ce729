import { getActingAccount } from "@/server/auth/acting-account";
import { getDb } from "@/server/db";
import { getPayments } from "@/server/payments";
import { readTopup, refreshTopup } from "@/server/services/topups/refresh-topup";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can } from "@/server/services/organizations/permissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The return page polls this: the chosen account's top-up, refreshed from YooKassa while pending; another account's is 404. */
export async function GET(_req: Request, { params }: Context): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return Response.json({ error: "unauthorized" }, { status: 401 });
  if (!can(acting.account, "billing.read")) return Response.json({ error: "role_forbidden" }, { status: 403 });
  const userId = accountUserId(acting.account);
  const { id } = await params;
  const db = await getDb();
  const payments = getPayments();
  const view = payments
    ? await refreshTopup({ db, payments }, { userId, topupId: id })
    : await readTopup(db, userId, id);
  if (!view) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(view);
}
