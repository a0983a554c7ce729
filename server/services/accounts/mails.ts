import type { Mail } from "../mail/send-mail";

type Locale = "ru" | "en";

export function verificationMail(to: string, link: string, locale: Locale): Mail {
  return locale === "ru"
    ? { to, subject: "XRouter: подтвердите адрес почты", text: `Чтобы подтвердить адрес, откройте ссылку (действует 24 часа):\n${link}\n` }
    : { to, subject: "XRouter: confirm your email", text: `Open this link to confirm your email (valid for 24 hours):\n${link}\n` };
}

export function resetMail(to: string, link: string, locale: Locale): Mail {
  return locale === "ru"
    ? { to, subject: "XRouter: сброс пароля", text: `Чтобы задать новый пароль, откройте ссылку (действует 1 час):\n${link}\n\nЕсли вы не запрашивали сброс, просто удалите это письмо.\n` }
    : { to, subject: "XRouter: reset your password", text: `Open this link to set a new password (valid for 1 hour):\n${link}\n\nIf you did not ask for this, ignore this mail.\n` };
}
