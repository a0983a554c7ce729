"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Locale, Messages } from "../../server/core/locale";

const LocaleContext = createContext<Locale>("ru");

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useMessages<T extends Record<string, string>>(messages: Messages<T>): Record<keyof T, string> {
  return messages[useLocale()] as Record<keyof T, string>;
}
