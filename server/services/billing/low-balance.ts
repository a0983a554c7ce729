import { and, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import { formatRub } from "../../core/format/rub";
import { publicUrl } from "../../core/public-url";
import { sendMail } from "../mail/send-mail";
import { walletMailRecipients } from "../organizations/wallet-mail-recipients";

const mailText = {
  ru: {
    subject: "XRouter: баланс ниже {threshold}",
    body: "Здравствуйте!\n\nБаланс вашего аккаунта XRouter — {balance}, это ниже порога {threshold}, который вы указали.\nКогда баланс закончится, запросы к API будут отклоняться с ошибкой 402.\n\nПополнить баланс: {url}\nИзменить или отключить уведомление можно на той же странице.\n",
  },
  en: {
    subject: "XRouter: balance below {threshold}",
    body: "Hello,\n\nYour XRouter balance is {balance}, below the {threshold} threshold you set.\nWhen it runs out, API requests will be refused with a 402 error.\n\nTop up: {url}\nYou can change or turn off this warning on the same page.\n",
  },
};

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");

/**
 * After balances went down (charge batches): mails each of these users whose balance is below their
 * low-balance threshold and who has not been mailed since the balance was last at or above it, and marks
 * them (`lowBalanceNotifiedAt`). Users back at or above their threshold (or with the warning off) get the
 * mark cleared. "Last at or above" also comes from the ledger (a row whose balance after reached the
 * threshold later than the mark), so a top-up between two checks re-arms the warning even if nobody called
 * this after the top-up. The mark is claimed with one conditional update before mailing, so concurrent callers
 * (several gateway instances) mail once. Returns the ids mailed.
 */
export async function checkLowBalance(
  db: Db,
  userIds: readonly string[],
  options: { baseUrl?: string } = {},
): Promise<string[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];

  // Back above (or warning off): re-arm.
  await db
    .update(users)
    .set({ lowBalanceNotifiedAt: null })
    .where(
      and(
        inArray(users.id, ids),
        isNotNull(users.lowBalanceNotifiedAt),
        or(isNull(users.lowBalanceThresholdMicro), sql`${users.balanceMicro} >= ${users.lowBalanceThresholdMicro}`),
      ),
    );

  // Claimed and read in one conditional update: concurrent callers (several instances) cannot both win a user.
  const due = await db
    .update(users)
    .set({ lowBalanceNotifiedAt: sql`now()` })
    .where(
      and(
        inArray(users.id, ids),
        isNull(users.disabledAt),
        isNotNull(users.lowBalanceThresholdMicro),
        sql`${users.balanceMicro} < ${users.lowBalanceThresholdMicro}`,
        or(
          isNull(users.lowBalanceNotifiedAt),
          // Qualified by hand: inside the subquery an unqualified "id" would be the ledger's.
          sql`exists (select 1 from ledger l where l.user_id = "users"."id" and l.created_at > "users"."low_balance_notified_at"
                and l.balance_after_micro >= "users"."low_balance_threshold_micro")`,
        ),
      ),
    )
    .returning({
      id: users.id,
      email: users.email,
      kind: users.kind,
      locale: users.locale,
      balanceMicro: users.balanceMicro,
      thresholdMicro: users.lowBalanceThresholdMicro,
    });

  const mailed: string[] = [];
  const url = `${(options.baseUrl ?? publicUrl()).replace(/\/+$/, "")}/billing`;
  for (const user of due) {
    const locale = user.locale === "en" ? "en" : "ru";
    const words = mailText[locale];
    const values = { balance: formatRub(user.balanceMicro, locale), threshold: formatRub(user.thresholdMicro!, locale), url };
    try {
      const to = user.kind === "organization" ? await walletMailRecipients(db, user.id) : [user.email];
      for (const address of to) await sendMail(db, { to: address, subject: fill(words.subject, values), text: fill(words.body, values) });
      mailed.push(user.id);
    } catch (err) {
      // Not sent: drop the mark so the next check tries again.
      await db.update(users).set({ lowBalanceNotifiedAt: null }).where(eq(users.id, user.id));
      getLogger().warn({ err, userId: user.id }, "low-balance mail failed");
    }
  }
  return mailed;
}
