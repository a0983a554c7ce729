import { getMessages } from "@/components/i18n/server";
import { requestedAccount } from "@/server/auth/acting-account";
import { defineMessages } from "@/server/core/locale";
import { getDb } from "@/server/db";
import { resolveActingAccount } from "@/server/services/organizations/acting-account";
import { listMyOrganizations } from "@/server/services/organizations/list-my-organizations";
import { AccountSelect } from "./account-select";

const messages = defineMessages({
  ru: { label: "Аккаунт, от имени которого вы работаете", personal: "Личный аккаунт", organizations: "Организации", create: "+ Создать организацию" },
  en: { label: "The account you act for", personal: "Personal account", organizations: "Organizations", create: "+ Create an organization" },
});

/** The header's account switcher: the personal account or one of the user's organizations (cookie `xr-account`). */
export async function AccountSwitcher({ userId }: { userId: string }) {
  const db = await getDb();
  const [m, organizations, account] = await Promise.all([
    getMessages(messages),
    listMyOrganizations(db, userId),
    requestedAccount().then((requested) => resolveActingAccount(db, userId, requested)),
  ]);
  return (
    <AccountSelect
      current={account.kind === "organization" ? account.orgId : ""}
      organizations={organizations.map(({ id, name }) => ({ id, name }))}
      labels={m}
    />
  );
}
