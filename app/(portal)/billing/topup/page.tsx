import { getMessages } from "@/components/i18n/server";
import { topupMessages } from "@/components/billing/topup-messages";
import { TopUpStatus } from "@/components/billing/topup-status";
import { Alert } from "@/components/ui/alert";
import { PageTitle } from "@/components/ui/card";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getPayments } from "@/server/payments";
import { readTopup, refreshTopup } from "@/server/services/topups/refresh-topup";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("topup");

export const dynamic = "force-dynamic";

/**
 * YooKassa's return_url: /billing/topup?id=top_…. Landing here proves nothing (§8.2), so the top-up is
 * refreshed from GET /payments/{id}; while it is still processing the client part polls.
 */
export default async function TopupReturnPage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  const [m, user, params] = await Promise.all([getMessages(topupMessages), getSessionUser(), searchParams]);
  const id = typeof params.id === "string" ? params.id : undefined;
  const db = await getDb();
  const payments = getPayments();
  const view =
    user && id
      ? payments
        ? await refreshTopup({ db, payments }, { userId: user.id, topupId: id })
        : await readTopup(db, user.id, id)
      : undefined;
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <PageTitle>{m.newTitle}</PageTitle>
      {view ? (
        <TopUpStatus
          initial={{
            id: view.id,
            status: view.status,
            amountMicro: view.amountMicro,
            cancellationReason: view.cancellationReason,
            balanceMicro: view.balanceMicro,
          }}
        />
      ) : (
        <Alert tone="error" testId="topup-not-found">
          {m.notFound}
        </Alert>
      )}
    </div>
  );
}
