import Link from "next/link";

const providers = ["Sber GigaChat", "YandexGPT", "MTS MWS GPT", "T-Bank T-Pro / T-Lite"];

export default function LandingPage() {
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-10 px-6 py-16">
      <header className="flex items-center justify-between">
        <span className="text-xl font-bold" data-testid="brand">
          XRouter
        </span>
        <nav className="flex gap-4 text-sm">
          <Link href="/docs" className="underline-offset-4 hover:underline">
            Документация
          </Link>
          <Link href="/signup" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500">
            Регистрация
          </Link>
        </nav>
      </header>
      <section className="flex flex-col gap-4">
        <h1 className="text-4xl font-bold tracking-tight" data-testid="headline">
          Один API для российских LLM
        </h1>
        <p className="text-lg text-slate-600 dark:text-slate-300">
          XRouter — OpenAI-совместимый шлюз к {providers.join(", ")}: ключи, маршрутизация, резервные
          провайдеры, кэш, лимиты и оплата в рублях. Любой OpenAI SDK работает без изменений.
        </p>
        <p className="text-sm text-slate-500">
          One OpenAI-compatible API for Russian LLMs, with keys, routing, fallbacks, limits and billing in rubles.
        </p>
      </section>
      <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
        {`curl http://localhost:3000/api/v1/chat/completions \\
  -H "Authorization: Bearer $XROUTER_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model":"gigachat/GigaChat-2-Max","messages":[{"role":"user","content":"Привет!"}]}'`}
      </pre>
      <ul className="grid gap-3 sm:grid-cols-2">
        {providers.map((name) => (
          <li key={name} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            {name}
          </li>
        ))}
      </ul>
    </main>
  );
}
