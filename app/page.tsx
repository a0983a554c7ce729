import Link from "next/link";
import { getLocale, getMessages } from "@/components/i18n/server";
import { defineMessages } from "@/server/core/locale";
import { catalogProviders } from "@/server/services/catalog/list-catalog";

const messages = defineMessages({
  ru: {
    headline: "Один API для российских LLM",
    lead: "XRouter — OpenAI-совместимый шлюз к GigaChat, YandexGPT, MWS GPT и T-Pro: ключи, маршрутизация, резервные провайдеры, лимиты и оплата в рублях. Любой OpenAI SDK работает без изменений.",
    start: "Начать бесплатно",
    docs: "Быстрый старт",
    models: "Каталог моделей",
  },
  en: {
    headline: "One API for Russian LLMs",
    lead: "XRouter is an OpenAI-compatible gateway to GigaChat, YandexGPT, MWS GPT and T-Pro: keys, routing, fallbacks, limits and billing in rubles. Any OpenAI SDK works unchanged.",
    start: "Start for free",
    docs: "Quickstart",
    models: "Model catalog",
  },
});

export default async function LandingPage() {
  const [m, locale] = await Promise.all([getMessages(messages), getLocale()]);
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-10 px-6 py-16">
      <section className="flex flex-col gap-4">
        <h1 className="text-4xl font-bold tracking-tight" data-testid="headline">
          {m.headline}
        </h1>
        <p className="text-lg text-slate-600 dark:text-slate-300">{m.lead}</p>
        <div className="flex flex-wrap gap-3">
          <Link href="/signup" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
            {m.start}
          </Link>
          <Link href="/docs" className="rounded-md border border-slate-300 px-4 py-2 font-medium dark:border-slate-700">
            {m.docs}
          </Link>
          <Link href="/models" className="rounded-md border border-slate-300 px-4 py-2 font-medium dark:border-slate-700">
            {m.models}
          </Link>
        </div>
      </section>
      <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
        {`curl http://localhost:3000/api/v1/chat/completions \\
  -H "Authorization: Bearer $XROUTER_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model":"gigachat/GigaChat-2-Max","messages":[{"role":"user","content":"Привет!"}]}'`}
      </pre>
      <ul className="grid gap-3 sm:grid-cols-2">
        {catalogProviders(locale).map(({ id, name }) => (
          <li key={id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            {name}
          </li>
        ))}
      </ul>
    </main>
  );
}
