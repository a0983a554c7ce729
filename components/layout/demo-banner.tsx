import { getMessages } from "@/components/i18n/server";
import { defineMessages } from "@/server/core/locale";
import { getRuntime } from "@/server/runtime";

const messages = defineMessages({
  ru: { demo: "Демо-режим: ключи провайдеров не заданы, ответы дают встроенные эмуляторы GigaChat, YandexGPT, MWS GPT и T-Bank." },
  en: { demo: "Demo mode: no provider credentials are set; built-in GigaChat, YandexGPT, MWS GPT and T-Bank emulators answer." },
});

export async function DemoBanner() {
  const [runtime, m] = await Promise.all([getRuntime(), getMessages(messages)]);
  if (!runtime.demo) return null;
  return (
    <div role="status" data-testid="demo-banner" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50">
      {m.demo}
    </div>
  );
}
