"use client";

import Link from "next/link";
import { useMessages } from "@/components/i18n/client";
import { ErrorPanel, secondaryLinkClass } from "@/components/layout/error-panel";
import { errorPageMessages } from "@/components/layout/error-page-messages";
import { Button } from "@/components/ui/button";
import { format } from "@/server/core/locale";

/** A page that threw: the site's frame stays, the reader gets their language, a retry and the digest for support. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const m = useMessages(errorPageMessages);
  return (
    <ErrorPanel
      code="500"
      title={m.errorTitle}
      lead={
        <>
          <p>{m.errorLead}</p>
          {error.digest ? <p className="mt-2 font-mono text-xs">{format(m.errorDigest, { digest: error.digest })}</p> : null}
        </>
      }
    >
      <Button type="button" onClick={reset}>
        {m.retry}
      </Button>
      <Link href="/" className={secondaryLinkClass}>
        {m.home}
      </Link>
    </ErrorPanel>
  );
}
