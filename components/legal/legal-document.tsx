import type { Metadata } from "next";
import { getLocale, getMessages } from "@/components/i18n/server";
import { format } from "@/server/core/locale";
import { formatDateTime } from "@/server/core/format/time";
import { getDb } from "@/server/db";
import type { LegalPageSlug } from "@/server/db/schema";
import { getLegalPage } from "@/server/services/legal/get-legal-page";
import { legalPageMessages } from "./messages";

export async function legalPageMetadata(slug: LegalPageSlug): Promise<Metadata> {
  return { title: (await getMessages(legalPageMessages))[slug] };
}

/** The body's own light markup: `# ` a title, `## ` a section, a blank line or a new line a paragraph. */
function blocks(body: string) {
  return body
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) =>
      line.startsWith("## ") ? (
        <h2 key={i} className="mt-4 text-xl font-semibold">
          {line.slice(3)}
        </h2>
      ) : line.startsWith("# ") ? (
        <h1 key={i} className="text-2xl font-bold tracking-tight">
          {line.slice(2)}
        </h1>
      ) : (
        <p key={i} className="text-slate-700 dark:text-slate-300">
          {line}
        </p>
      ),
    );
}

/** A public legal page (/offer, /privacy, /consent): the text admins edit, with its version and date. */
export async function LegalDocument({ slug }: { slug: LegalPageSlug }) {
  const [m, locale, page] = await Promise.all([getMessages(legalPageMessages), getLocale(), getDb().then((db) => getLegalPage(db, slug))]);
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-6 lg:py-10">
      {page ? (
        <article lang="ru" className="flex flex-col gap-3 leading-relaxed" data-testid={`legal-${slug}`}>
          {blocks(page.body)}
          <p className="mt-6 text-sm text-slate-600 dark:text-slate-400" lang={locale}>
            {format(m.edition, { version: page.version, date: formatDateTime(page.updatedAt, { locale, time: "none" }) })}
            {m.russianOnly ? ` ${m.russianOnly}` : ""}
          </p>
        </article>
      ) : (
        <p>{m.missing}</p>
      )}
    </main>
  );
}
