import Link from "next/link";
import { Rub } from "@/components/format/rub";
import { getLocale, getMessages } from "@/components/i18n/server";
import { getActingAccount } from "@/server/auth/acting-account";
import { defineMessages } from "@/server/core/locale";
import { getDb } from "@/server/db";
import { getBalanceView } from "@/server/services/billing/low-balance-threshold";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can } from "@/server/services/organizations/permissions";

const messages = defineMessages({
  ru: { balance: "Баланс", hint: "Баланс и пополнение" },
  en: { balance: "Balance", hint: "Balance and top-ups" },
});

/**
 * The chosen account's balance on every page (as OpenRouter shows credits), linking to billing; nothing for a
 * member whose role may not see the organization's wallet.
 */
export async function HeaderBalance() {
  const [m, locale, acting] = await Promise.all([getMessages(messages), getLocale(), getActingAccount()]);
  if (!acting || !can(acting.account, "billing.read")) return null;
  const view = await getBalanceView(await getDb(), accountUserId(acting.account));
  if (!view) return null;
  return (
    <Link
      href="/billing"
      title={m.hint}
      data-testid="header-balance"
      className={`whitespace-nowrap rounded-md border px-2 py-1 text-sm font-medium tabular-nums hover:bg-slate-100 dark:hover:bg-slate-800 ${
        view.balanceMicro > 0 ? "border-slate-300 dark:border-slate-700" : "border-red-300 text-red-700 dark:border-red-800 dark:text-red-300"
      }`}
    >
      <span className="sr-only">{m.balance}: </span>
      <Rub micro={view.balanceMicro} locale={locale} />
    </Link>
  );
}
