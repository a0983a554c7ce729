import { defineMessages } from "@/server/core/locale";

/** Strings of the top-up form and the return page (Russian first, English beside it). */
export const topupMessages = defineMessages({
  ru: {
    formTitle: "Пополнить баланс",
    formLead: "Оплата картой через ЮKassa. Сумма зачисляется после подтверждения платежа.",
    presets: "Сумма",
    custom: "Другая сумма, ₽",
    customHint: "От {min} до {max}; копейки — через запятую или точку: 1500,50 или 1500.50.",
    submit: "Пополнить на {amount}",
    submitEmpty: "Пополнить",
    submitting: "Переходим к оплате…",
    amount_not_kopecks: "Введите сумму в рублях, например 1500 или 1500,50 (не больше двух знаков после запятой).",
    amount_too_small: "Минимальная сумма пополнения — {min}.",
    amount_too_large: "Максимальная сумма пополнения — {max}.",
    payments_unavailable: "Пополнение сейчас недоступно.",
    provider_error: "Платёжный сервис не ответил. Попробуйте ещё раз через минуту.",
    unknown_error: "Не удалось создать платёж. Попробуйте ещё раз.",
    newTitle: "Пополнение баланса",
    statusTitle: "Пополнение на {amount}",
    processing: "Платёж обрабатывается. Страница обновится сама.",
    credited: "Готово: {amount} зачислены на баланс.",
    balance: "Баланс: {balance}",
    canceled: "Платёж не прошёл.",
    reason: "Причина: {reason}",
    notFound: "Пополнение не найдено.",
    stillProcessing: "ЮKassa ещё не подтвердила платёж. Если деньги списаны, баланс пополнится автоматически.",
    toBilling: "К балансу",
    again: "Пополнить ещё",
    tryAgain: "Попробовать снова",
    reason_expired_on_confirmation: "оплата не была завершена",
    reason_insufficient_funds: "недостаточно средств на карте",
    reason_general_decline: "банк отклонил платёж",
    reason_card_expired: "истёк срок действия карты",
    reason_invalid_card_number: "неверный номер карты",
    reason_not_created: "платёж не был создан",
    reason_expired: "время на оплату истекло",
  },
  en: {
    formTitle: "Top up the balance",
    formLead: "Card payment through YooKassa. The amount is credited once the payment is confirmed.",
    presets: "Amount",
    custom: "Other amount, ₽",
    customHint: "From {min} to {max}; kopecks after a dot or a comma: 1500.50 or 1500,50.",
    submit: "Top up {amount}",
    submitEmpty: "Top up",
    submitting: "Going to the payment page…",
    amount_not_kopecks: "Enter an amount in rubles, e.g. 1500 or 1500.50 (at most two decimals).",
    amount_too_small: "The minimum top-up is {min}.",
    amount_too_large: "The maximum top-up is {max}.",
    payments_unavailable: "Top-ups are not available right now.",
    provider_error: "The payment service did not answer. Try again in a minute.",
    unknown_error: "Could not create the payment. Try again.",
    newTitle: "Top up",
    statusTitle: "Top-up of {amount}",
    processing: "The payment is being processed. This page updates by itself.",
    credited: "Done: {amount} added to your balance.",
    balance: "Balance: {balance}",
    canceled: "The payment did not go through.",
    reason: "Reason: {reason}",
    notFound: "Top-up not found.",
    stillProcessing:
      "YooKassa has not confirmed the payment yet. If money was taken, the balance will be topped up automatically.",
    toBilling: "To the balance",
    again: "Top up again",
    tryAgain: "Try again",
    reason_expired_on_confirmation: "the payment was not completed",
    reason_insufficient_funds: "insufficient funds on the card",
    reason_general_decline: "the bank declined the payment",
    reason_card_expired: "the card has expired",
    reason_invalid_card_number: "wrong card number",
    reason_not_created: "the payment was not created",
    reason_expired: "the time to pay ran out",
  },
});

export type TopupMessages = Record<keyof (typeof topupMessages)["ru"], string>;

export function cancellationText(m: TopupMessages, reason: string | null): string {
  if (!reason) return "";
  const key = `reason_${reason}` as keyof TopupMessages;
  return m[key] ?? reason;
}
