import { getMessages } from "@/components/i18n/server";
import { Card, PageTitle } from "@/components/ui/card";
import { getSessionUser } from "@/server/auth/session";
import { AccountForms } from "./account-forms";
import { accountMessages } from "./messages";

export default async function AccountPage() {
  const [m, user] = await Promise.all([getMessages(accountMessages), getSessionUser()]);
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <PageTitle>{m.title}</PageTitle>
      <Card>
        <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
          <dt className="text-slate-500">{m.email}</dt>
          <dd data-testid="account-email">{user?.email}</dd>
          <dt className="text-slate-500">{m.role}</dt>
          <dd>{user?.role}</dd>
        </dl>
      </Card>
      <AccountForms />
    </div>
  );
}
