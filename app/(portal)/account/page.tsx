import { roleLabel } from "@/components/i18n/labels";
import { getLocale, getMessages } from "@/components/i18n/server";
import { Card, PageTitle } from "@/components/ui/card";
import { enabledOAuthProviders } from "@/server/auth/next-auth";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listLinkedProviders } from "@/server/services/accounts/linked-providers";
import { getTimeZone } from "@/server/services/accounts/time-zone";
import { DEFAULT_TIME_ZONE } from "@/server/core/format/time";
import { AccountForms } from "./account-forms";
import { AccountTabs } from "./account-tabs";
import { LinkedSignIns } from "./linked-sign-ins";
import { accountMessages } from "./messages";
import { TimeZoneForm } from "./time-zone-form";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("account");

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [m, user, params, locale] = await Promise.all([getMessages(accountMessages), getSessionUser(), searchParams, getLocale()]);
  const providers = enabledOAuthProviders();
  const db = await getDb();
  const [linked, zone] = user
    ? await Promise.all([providers.length > 0 ? listLinkedProviders(db, user.id) : [], getTimeZone(db, user.id)])
    : [[], DEFAULT_TIME_ZONE];
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <AccountTabs current="account" />
      <PageTitle>{m.title}</PageTitle>
      <Card>
        <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
          <dt className="text-slate-500">{m.email}</dt>
          <dd data-testid="account-email">{user?.email}</dd>
          <dt className="text-slate-500">{m.role}</dt>
          <dd data-testid="account-role">{user ? roleLabel(user.role, locale) : null}</dd>
        </dl>
      </Card>
      {providers.length > 0 ? <LinkedSignIns providers={providers} linked={linked} error={params.error} /> : null}
      <TimeZoneForm initial={zone} />
      <AccountForms />
    </div>
  );
}
