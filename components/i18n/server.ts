import { cookies } from "next/headers";
import { LOCALE_COOKIE, toLocale, type Locale, type Messages } from "../../server/core/locale";

/** The reader's language: the remembered cookie, Russian by default. */
export async function getLocale(): Promise<Locale> {
  return toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getMessages<T extends Record<string, string>>(messages: Messages<T>): Promise<Record<keyof T, string>> {
  return messages[await getLocale()] as Record<keyof T, string>;
}
