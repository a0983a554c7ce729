"use client";

import { useRouter } from "next/navigation";
import { useLocale, useMessages } from "@/components/i18n/client";
import { defineMessages, LOCALE_COOKIE, type Locale } from "@/server/core/locale";
import { THEME_COOKIE } from "./theme";

const YEAR = 60 * 60 * 24 * 365;

const messages = defineMessages({
  ru: { language: "Язык", theme: "Тема", dark: "Тёмная", light: "Светлая" },
  en: { language: "Language", theme: "Theme", dark: "Dark", light: "Light" },
});



/** Language and theme switches; both are remembered in cookies. */
export function Preferences() {
  const router = useRouter();
  const locale = useLocale();
  const m = useMessages(messages);

  const setLocale = (next: Locale) => {
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${YEAR}; samesite=lax`;
    router.refresh();
  };
  const toggleTheme = () => {
    const dark = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", dark);
    document.cookie = `${THEME_COOKIE}=${dark ? "dark" : "light"}; path=/; max-age=${YEAR}; samesite=lax`;
  };

  return (
    <div className="flex items-center gap-2 text-sm">
      <label className="sr-only" htmlFor="locale-select">
        {m.language}
      </label>
      <select
        id="locale-select"
        data-testid="locale-select"
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
        className="rounded-md border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
      >
        <option value="ru">RU</option>
        <option value="en">EN</option>
      </select>
      <button
        type="button"
        onClick={toggleTheme}
        data-testid="theme-toggle"
        className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700"
      >
        {/* The header's row (from `xl`) shows the symbol only, the word stays in the button's name; the phone menu has
            room for the word. The name holds the visible text, as speech input needs. */}
        <span className="sr-only">{m.theme}: </span>
        <span className="whitespace-nowrap dark:hidden">
          ☾<span className="header:sr-only"> {m.dark}</span>
        </span>
        <span className="hidden whitespace-nowrap dark:inline">
          ☀<span className="header:sr-only"> {m.light}</span>
        </span>
      </button>
    </div>
  );
}
