import { desc } from "drizzle-orm";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getReaderTimeZone } from "@/components/format/reader-time-zone";
import { getLocale, getMessages } from "@/components/i18n/server";
import { getSessionUser } from "@/server/auth/session";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { mailOutbox } from "@/server/db/schema";
import { isLocalRequest } from "@/server/net/local-request";
import { getRuntime } from "@/server/runtime";
import { format } from "@/server/core/locale";
import { formatDateTime } from "@/server/core/format/time";
import { outboxMessages } from "./messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("outbox");

export const dynamic = "force-dynamic";

/**
 * Mail that would have been sent, for development and demo mode only (no SMTP_URL needed to sign up). Its links
 * sign in as anyone, so only this machine and admins may read it.
 */
export default async function OutboxPage() {
  const runtime = await getRuntime();
  if (!runtime.demo && getConfig().NODE_ENV !== "development") notFound();
  const user = await getSessionUser();
  if (!isLocalRequest(await headers()) && user?.role !== "admin") notFound();
  const [mails, m, locale, zone] = await Promise.all([
    getDb().then((db) => db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(50)),
    getMessages(outboxMessages),
    getLocale(),
    getReaderTimeZone(user),
  ]);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-bold">{m.title}</h1>
      <p className="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">{m.lead}</p>
      {mails.length === 0 ? <p className="text-sm text-slate-500">{m.empty}</p> : null}
      <ul className="flex flex-col gap-3">
        {mails.map((mail) => (
          <li key={mail.id} data-testid="outbox-mail" data-to={mail.to} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <p className="text-sm text-slate-500">
              {formatDateTime(mail.createdAt, { locale, zone })} · {format(m.to, { to: mail.to })}
            </p>
            <p className="font-semibold">{mail.subject}</p>
            <pre className="whitespace-pre-wrap text-sm [overflow-wrap:anywhere]">
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
