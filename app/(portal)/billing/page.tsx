import { TopUpForm } from "@/components/billing/topup-form";
import { getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { PageTitle } from "@/components/ui/card";
import { getSessionUser } from "@/server/auth/session";
import { DEFAULT_TIME_ZONE } from "@/server/core/format/time";
import { getDb } from "@/server/db";
import { getTimeZone } from "@/server/services/accounts/time-zone";
import { getBalanceView } from "@/server/services/billing/low-balance-threshold";
import { BalanceCard } from "./balance-card";
import { LedgerTable } from "./ledger-table";
import { LowBalanceForm } from "./low-balance-form";
import { billingMessages } from "./messages";
import { PromoForm } from "./promo-form";
import { Statements } from "./statements";
import { TopupHistory } from "./topup-history";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("billing");

export default async function BillingPage() {
  const [m, user] = await Promise.all([getMessages(billingMessages), getSessionUser()]);
  const db = await getDb();
  const [initial, zone] = user ? await Promise.all([getBalanceView(db, user.id), getTimeZone(db, user.id)]) : [undefined, DEFAULT_TIME_ZONE];
  return (
    <div className="flex flex-col gap-4">
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          <BalanceCard initial={initial} />
          <PromoForm />
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <TopUpForm />
        </div>
      </div>
      <LedgerTable zone={zone} />
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          <TopupHistory zone={zone} />
          <LowBalanceForm initialMicro={initial?.lowBalanceThresholdMicro ?? null} />
        </div>
        <Statements />
      </div>
    </div>
  );
}
