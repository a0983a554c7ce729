import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getPayments } from "@/server/payments";
import { readTopup, refreshTopup } from "@/server/services/topups/refresh-topup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The return page polls this: the user's top-up, refreshed from YooKassa while pending; another user's is 404. */
export async function GET(_req: Request, { params }: Context): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "unauthorized" }, { status: 401 });
  const { id } = await params;
  const db = await getDb();
  const payments = getPayments();
  const view = payments
    ? await refreshTopup({ db, payments }, { userId: user.id, topupId: id })
    : await readTopup(db, user.id, id);
  if (!view) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(view);
}
