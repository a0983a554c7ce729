"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { legalAdminMessages } from "./messages";

const SLUGS = ["offer", "privacy", "consent"] as const;
type Slug = (typeof SLUGS)[number];

/** Edits a public legal page: saving publishes a new version (a new offer version asks users to accept it again). */
export function PagesEditor() {
  const m = useMessages(legalAdminMessages);
  const trpc = useTRPC();
  const [slug, setSlug] = useState<Slug>("offer");
  const page = useQuery(trpc.legal.page.queryOptions({ slug }));
  return (
    <Card
      title={m.pagesTitle}
      actions={
        <span className="flex items-center gap-2 text-sm">
          <label htmlFor="legal-slug" className="sr-only">
            {m.page}
          </label>
          <select
            id="legal-slug"
            className={`${inputClass} w-auto py-1`}
            value={slug}
            onChange={(e) => setSlug(e.target.value as Slug)}
            data-testid="legal-slug"
          >
            {SLUGS.map((s) => (
              <option key={s} value={s}>
                {m[`page_${s}`]}
              </option>
            ))}
          </select>
          {page.data ? (
            <a href={`/${slug}`} target="_blank" className="whitespace-nowrap text-indigo-700 underline dark:text-indigo-300">
              {format(m.version, { version: page.data.version })}
            </a>
          ) : null}
        </span>
      }
    >
      {page.data ? <BodyEditor key={`${slug}:${page.data.version}`} slug={slug} saved={page.data.body} /> : null}
    </Card>
  );
}

/** The text of one version; publishing reloads the page's query, which starts a fresh editor for the new version. */
function BodyEditor({ slug, saved }: { slug: Slug; saved: string }) {
  const m = useMessages(legalAdminMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [body, setBody] = useState(saved);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const save = useMutation(
    trpc.legalAdmin.savePage.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.legal.page.queryFilter({ slug })),
      onError: (err) => setNotice({ tone: "error", text: format(m.failed, { code: err.message }) }),
    }),
  );
  return (
    <>
      <label htmlFor="legal-body" className="mb-1 block text-sm font-medium">
        {m.body}
      </label>
      <textarea id="legal-body" className={`${inputClass} h-72 font-mono text-xs`} value={body} onChange={(e) => setBody(e.target.value)} data-testid="legal-body" />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button disabled={save.isPending || !body.trim() || body === saved} onClick={() => save.mutate({ slug, body })} data-testid="legal-publish">
          {m.publish}
        </Button>
        {notice ? (
          <Alert tone={notice.tone} testId="legal-notice">
            {notice.text}
          </Alert>
        ) : null}
      </div>
    </>
  );
}
