import { formatRub } from "../../core/format/rub";
import type { Mail } from "../mail/send-mail";

export interface SpendAnomalyFacts {
  keyName: string;
  keyPrefix: string;
  hourMicro: number;
  dailyAverageMicro: number;
  /** How many times the daily average the hour must exceed to be reported. */
  factor: number;
  paused: boolean;
  keysUrl: string;
}

/** Tells a key's owner that the key spent far more in the last hour than it does in a day. */
export function spendAnomalyMail(to: string, locale: "ru" | "en", facts: SpendAnomalyFacts): Mail {
  const hour = formatRub(facts.hourMicro, locale);
  const average = formatRub(facts.dailyAverageMicro, locale);
  const key = `${facts.keyName} (${facts.keyPrefix})`;
  if (locale === "ru") {
    const action = facts.paused
      ? "Ключ приостановлен, как вы просили: запросы с ним отклоняются. Если расход ожидаемый, включите ключ снова на странице ключей."
      : "Если это не вы, отключите или отзовите ключ. Чтобы в таких случаях ключ приостанавливался сам, отметьте это при создании ключа.";
    return {
      to,
      subject: `XRouter: необычные расходы по ключу ${facts.keyName}`,
      text: `Здравствуйте!\n\nЗа последний час ключ ${key} потратил ${hour} — более чем в ${facts.factor} раз больше его среднего расхода за день (${average}).\n${action}\n\nКлючи: ${facts.keysUrl}\n`,
    };
  }
  const action = facts.paused
    ? "The key has been paused, as you asked: requests with it are refused. If the spending is expected, enable the key again on the keys page."
    : "If this was not you, disable or revoke the key. To have such a key paused automatically, tick that option when you create a key.";
  return {
    to,
    subject: `XRouter: unusual spending on key ${facts.keyName}`,
    text: `Hello,\n\nIn the last hour the key ${key} spent ${hour}, more than ${facts.factor} times its average daily spend (${average}).\n${action}\n\nKeys: ${facts.keysUrl}\n`,
  };
}
