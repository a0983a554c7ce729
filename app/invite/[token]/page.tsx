import Link from "next/link";
import { getReaderTimeZone } from "@/components/format/reader-time-zone";
import { getLocale, getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { Alert } from "@/components/ui/alert";
import { Card, PageTitle } from "@/components/ui/card";
import { getSessionUser } from "@/server/auth/session";
import { formatDateTime } from "@/server/core/format/time";
import { format } from "@/server/core/locale";
import { getDb } from "@/server/db";
import { describeInvitation } from "@/server/services/organizations/describe-invitation";
import { orgMessages } from "../../(portal)/org/messages";
import { AcceptInvitation } from "./accept-invitation";
import { inviteMessages } from "./messages";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("invite");

const buttonClass = "rounded-md px-3 py-2 text-sm font-medium";

/**
 * The page a mailed invitation opens: what it offers, then accepting it signed in with the invited address, or
 * logging in / signing up first and coming back here.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [m, roles, locale, user, invitation] = await Promise.all([
    getMessages(inviteMessages),
    getMessages(orgMessages),
    getLocale(),
    getSessionUser(),
    token.length >= 20 && token.length <= 200 ? getDb().then((db) => describeInvitation(db, token)) : undefined,
  ]);
  const zone = await getReaderTimeZone(user);
  const back = encodeURIComponent(`/invite/${token}`);
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-8">
      <PageTitle>{m.title}</PageTitle>
      {!invitation || invitation.status !== "pending" ? (
        <Alert tone="error" testId="invite-invalid">
          {invitation ? m[`status_${invitation.status}`] : m.invalid}
        </Alert>
      ) : (
        <Card>
          <div className="flex flex-col gap-4 text-sm" data-testid="invite-card">
            <p>{format(m.lead, { org: invitation.orgName, role: roles[`role_${invitation.role}`] })}</p>
            <p className="text-slate-600 dark:text-slate-400">
              {format(m.forEmail, { email: invitation.email, date: formatDateTime(invitation.expiresAt, { locale, zone }) })}
            </p>
            {user ? (
              user.email.toLowerCase() === invitation.email.toLowerCase() ? (
                <AcceptInvitation token={token} />
              ) : (
                <Alert tone="warning" testId="invite-other-email">
                  {format(m.otherEmail, { email: user.email, invited: invitation.email })}
                </Alert>
              )
            ) : (
              <div className="flex flex-wrap gap-2">
                <Link href={`/login?next=${back}`} className={`${buttonClass} bg-indigo-600 text-white hover:bg-indigo-500`} data-testid="invite-login">
                  {m.login}
                </Link>
                <Link
                  href={`/signup?next=${back}`}
                  className={`${buttonClass} border border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800`}
                  data-testid="invite-signup"
                >
                  {m.signup}
                </Link>
              </div>
            )}
          </div>
        </Card>
      )}
    </main>
  );
}
