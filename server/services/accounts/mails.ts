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

/** To the owner of an address someone tried to sign up with: the sign-up page itself says only "check your mail". */
export function signUpAttemptMail(to: string, origin: string, locale: Locale): Mail {
  return locale === "ru"
    ? {
        to,
        subject: "XRouter: попытка регистрации с вашим адресом",
        text: `Кто-то пытался зарегистрироваться в XRouter с этим адресом. Аккаунт с ним уже есть, новый не создан.\n\nЕсли это были вы, войдите:\n${origin}/login\nили задайте новый пароль:\n${origin}/forgot\n\nЕсли это были не вы, ничего делать не нужно.\n`,
      }
    : {
        to,
        subject: "XRouter: someone tried to sign up with your email",
        text: `Someone tried to sign up for XRouter with this address. It already has an account, so no new one was created.\n\nIf it was you, log in:\n${origin}/login\nor set a new password:\n${origin}/forgot\n\nIf it was not you, there is nothing to do.\n`,
      };
}
