import { roleLabel } from "@/components/i18n/labels";
import { getLocale, getMessages } from "@/components/i18n/server";
import { Card, PageTitle } from "@/components/ui/card";
import { enabledOAuthProviders } from "@/server/auth/next-auth";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listLinkedProviders } from "@/server/services/accounts/linked-providers";
import { AccountForms } from "./account-forms";
import { AccountTabs } from "./account-tabs";
import { LinkedSignIns } from "./linked-sign-ins";
import { accountMessages } from "./messages";

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [m, user, params, locale] = await Promise.all([getMessages(accountMessages), getSessionUser(), searchParams, getLocale()]);
  const providers = enabledOAuthProviders();
  const linked = user && providers.length > 0 ? await listLinkedProviders(await getDb(), user.id) : [];
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
      <AccountForms />
    </div>
  );
}
