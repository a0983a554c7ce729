import { defineMessages } from "../../core/locale";

/** The words of the downloadable statements (CSV and PDF), Russian by default. */
export const statementMessages = defineMessages({
  ru: {
    title: "Выписка по балансу XRouter",
    account: "Аккаунт",
    period: "Период",
    timezone: "Время московское (UTC+3). Суммы в рублях, НДС включён.",
    opening: "Входящий остаток",
    closing: "Исходящий остаток",
    totals: "Итого по типам",
    date: "Дата",
    kind: "Тип",
    amount: "Сумма, ₽",
    balanceAfter: "Остаток после, ₽",
    reference: "Основание",
    key: "Ключ",
    note: "Комментарий",
    keyOrNote: "Ключ / комментарий",
    count: "Операций",
    none: "Движений за месяц не было.",
    page: "Стр. {n} из {total}",
    topup: "Пополнение",
    charge: "Списание",
    refund: "Возврат",
    adjustment: "Корректировка",
    promo: "Промокод",
  },
  en: {
    title: "XRouter balance statement",
    account: "Account",
    period: "Period",
    timezone: "Moscow time (UTC+3). Amounts in rubles, VAT included.",
    opening: "Opening balance",
    closing: "Closing balance",
    totals: "Totals by kind",
    date: "Date",
    kind: "Kind",
    amount: "Amount, ₽",
    balanceAfter: "Balance after, ₽",
    reference: "Reference",
    key: "Key",
    note: "Note",
    keyOrNote: "Key / note",
    count: "Movements",
    none: "No movements this month.",
    page: "Page {n} of {total}",
    topup: "Top-up",
    charge: "Charge",
    refund: "Refund",
    adjustment: "Adjustment",
    promo: "Promo code",
  },
});

export type StatementWords = (typeof statementMessages)["ru"];

/** "март 2025" / "March 2025". */
export function monthTitle(month: string, locale: "ru" | "en"): string {
  const [year, index] = month.split("-").map(Number);
  const name = new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-US", { month: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(year!, index! - 1, 15)),
  );
  return `${name} ${year}`;
}
