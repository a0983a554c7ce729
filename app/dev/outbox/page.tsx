import { desc } from "drizzle-orm";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { mailOutbox } from "@/server/db/schema";
import { isLocalRequest } from "@/server/net/local-request";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/**
 * Mail that would have been sent, for development and demo mode only (no SMTP_URL needed to sign up). Its links
 * sign in as anyone, so only this machine and admins may read it.
 */
export default async function OutboxPage() {
  const runtime = await getRuntime();
  if (!runtime.demo && getConfig().NODE_ENV !== "development") notFound();
  if (!isLocalRequest(await headers()) && (await getSessionUser())?.role !== "admin") notFound();
  const mails = await (await getDb()).select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(50);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="mb-4 text-2xl font-bold">Outbox</h1>
      <ul className="flex flex-col gap-3">
        {mails.map((mail) => (
          <li key={mail.id} data-testid="outbox-mail" data-to={mail.to} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <p className="text-sm text-slate-500">
              {mail.createdAt.toISOString()} → {mail.to}
            </p>
            <p className="font-semibold">{mail.subject}</p>
            <pre className="whitespace-pre-wrap text-sm">
              {mail.text.split(/(https?:\/\/\S+)/).map((part, i) =>
                /^https?:\/\//.test(part) ? (
                  <a key={i} href={part} className="text-indigo-600 underline" data-testid="outbox-link">
                    {part}
                  </a>
                ) : (
                  part
                ),
              )}
            </pre>
          </li>
        ))}
      </ul>
    </main>
  );
}
