import { defineMessages, format, type Locale } from "../../server/core/locale";
import { displayReference } from "../../server/services/billing/statement-format";

/**
 * Words the server stores in English or as ids (roles, route reasons, built-in account names, promo references),
 * as a reader sees them in their language. Pure: safe in client and server components.
 */
export const labelMessages = defineMessages({
  ru: {
    role_user: "пользователь",
    role_admin: "администратор",
    demoAccount: "{provider} (демо-эмулятор)",
    envAccount: "{provider} (из окружения)",
    reasonRule: "правило «{name}»",
    reasonAb: "правило «{name}» (A/B: {percent}% на {to})",
    reasonAuto: "auto: самая дешёвая модель с нужными запросу возможностями",
    reasonFallback: "список запасных моделей",
    reasonAffinity: "привязка к сессии",
    reasonOrder: "порядок провайдеров {order}",
    reasonSort: "сортировка по {sort}",
    reasonCacheHit: "ответ из кэша",
    reasonSemanticHit: "ответ из семантического кэша (сходство {similarity})",
    strategy_weighted: "взвешенно случайная",
    strategy_least_busy: "наименее загруженный",
    strategy_latency: "наименьшая задержка",
    strategy_price: "самый дешёвый аккаунт",
  },
  en: {
    role_user: "user",
    role_admin: "administrator",
    demoAccount: "{provider} (demo emulator)",
    envAccount: "{provider} (environment)",
    reasonRule: "rule “{name}”",
    reasonAb: "rule “{name}” (A/B: {percent}% to {to})",
    reasonAuto: "auto: the cheapest model with the features the request uses",
    reasonFallback: "fallback list",
    reasonAffinity: "session affinity",
    reasonOrder: "provider order {order}",
    reasonSort: "sorted by {sort}",
    reasonCacheHit: "cache hit",
    reasonSemanticHit: "semantic cache hit (similarity {similarity})",
    strategy_weighted: "weighted random",
    strategy_least_busy: "least busy",
    strategy_latency: "lowest latency",
    strategy_price: "cheapest account",
  },
});

type Labels = (typeof labelMessages)["en"];

export function roleLabel(role: string, locale: Locale): string {
  const labels: Labels = labelMessages[locale];
  return role === "user" || role === "admin" ? labels[`role_${role}`] : role;
}

/** A promo credit's reference as its owner should read it: the code they typed, or what the bonus was for. */
export function promoReferenceLabel(reference: string, locale: Locale): string {
  return displayReference("promo", reference, locale);
}

/**
 * The built-in accounts' names are made on the server in English (`gigachat (demo emulator)`, server/routing/accounts.ts)
 * and reach the public catalog as names only; the names admins give their accounts stay as typed.
 */
export function accountNameLabel(account: { name: string; provider: string }, locale: Locale, providerName = (id: string) => id): string {
  const labels: Labels = labelMessages[locale];
  const provider = providerName(account.provider);
  if (account.name === `${account.provider} (demo emulator)`) return format(labels.demoAccount, { provider });
  if (account.name === `${account.provider} (environment)`) return format(labels.envAccount, { provider });
  return account.name;
}

/** One part of a recorded route reason (plan.ts joins them with "; "); an unknown part is kept as it was. */
function reasonPart(part: string, labels: Labels): string {
  let match: RegExpMatchArray | null;
  if ((match = part.match(/^rule '(.*)' \(A\/B: (\d+)% to (.+)\)$/))) return format(labels.reasonAb, { name: match[1]!, percent: match[2]!, to: match[3]! });
  if ((match = part.match(/^rule '(.*)'$/))) return format(labels.reasonRule, { name: match[1]! });
  if (part === "auto: cheapest model with the features the request uses") return labels.reasonAuto;
  if (part === "fallback list") return labels.reasonFallback;
  if (part === "session affinity") return labels.reasonAffinity;
  if ((match = part.match(/^provider order (.+)$/))) return format(labels.reasonOrder, { order: match[1]! });
  if ((match = part.match(/^sorted by (.+)$/))) return format(labels.reasonSort, { sort: match[1]! });
  if (part === "cache hit") return labels.reasonCacheHit;
  if ((match = part.match(/^semantic cache hit \(similarity ([\d.]+)\)$/))) return format(labels.reasonSemanticHit, { similarity: match[1]! });
  const strategy = `strategy_${part}`;
  return strategy in labels ? labels[strategy as keyof Labels] : part;
}

/** A request's recorded route reason in the reader's language. */
export function routeReasonLabel(reason: string, locale: Locale): string {
  const labels: Labels = labelMessages[locale];
  return reason
    .split("; ")
    .map((part) => reasonPart(part, labels))
    .join("; ");
}
