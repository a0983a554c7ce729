import Link from "next/link";
import { getMessages } from "@/components/i18n/server";
import { ErrorPanel, primaryLinkClass, secondaryLinkClass } from "@/components/layout/error-panel";
import { errorPageMessages } from "@/components/layout/error-page-messages";
import { pageMetadata } from "@/components/layout/page-title";
import { getSessionUser } from "@/server/auth/session";

export const generateMetadata = pageMetadata("notFound");

/** Every unknown address, inside the site's header and in the reader's language. */
export default async function NotFound() {
  const [m, user] = await Promise.all([getMessages(errorPageMessages), getSessionUser()]);
  return (
    <ErrorPanel code="404" title={m.notFoundTitle} lead={m.notFoundLead}>
      <Link href="/" className={user ? secondaryLinkClass : primaryLinkClass}>
        {m.home}
      </Link>
      {user ? (
        <Link href="/keys" className={primaryLinkClass}>
          {m.keys}
        </Link>
      ) : null}
    </ErrorPanel>
  );
}
