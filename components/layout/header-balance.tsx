import { getActingAccount } from "@/server/auth/acting-account";
import { getDb } from "@/server/db";
import { getBalanceView } from "@/server/services/billing/low-balance-threshold";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can } from "@/server/services/organizations/permissions";
import { LiveHeaderBalance } from "./live-header-balance";

/**
 * The chosen account's balance on every page (as OpenRouter shows credits), linking to billing; nothing for a
 * member whose role may not see the organization's wallet. The server reads it for the first paint; the live part
 * keeps it current while the header stays on screen.
 */
export async function HeaderBalance() {
  const acting = await getActingAccount();
  if (!acting || !can(acting.account, "billing.read")) return null;
  const view = await getBalanceView(await getDb(), accountUserId(acting.account));
  return view ? <LiveHeaderBalance initial={view} /> : null;
}
