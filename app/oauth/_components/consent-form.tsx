import { format } from "@/server/core/locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { CAP_PERIODS, GRANT_EXPIRY_DAYS } from "@/server/oauth/config";
import { knownReason } from "./error-reason";
import type { OAuthText } from "./messages";

export interface ConsentFormProps {
  m: OAuthText;
  ticket: string;
  email: string;
  /** Registered app (OAuth) or null (OpenRouter flow). */
  app: { name: string; logoUrl: string | null; homepageUrl: string | null } | null;
  redirectHost: string;
  scopes: string[];
  capError: boolean;
}

/** The consent page: who asks, where the browser goes next, what is allowed, and the cap the user sets. */
export function ConsentForm({ m, ticket, email, app, redirectHost, scopes, capError }: ConsentFormProps) {
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-8">
      <PageTitle description={format(m.signedInAs, { email })}>{m.title}</PageTitle>
      <Card>
        <form method="post" action="/oauth/consent" className="flex flex-col gap-4" data-testid="consent-form">
          <input type="hidden" name="ticket" value={ticket} />
          <div className="flex items-center gap-3">
            {app?.logoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- third-party logos are arbitrary URLs
              <img src={app.logoUrl} alt="" width={48} height={48} className="h-12 w-12 rounded-md object-cover" referrerPolicy="no-referrer" />
            ) : null}
            <div>
              <p className="text-base font-medium" data-testid="consent-app">
                {app ? format(m.lead, { name: app.name }) : format(m.openRouterLead, { host: redirectHost })}
              </p>
              {app?.homepageUrl ? (
                <a href={app.homepageUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-sm text-indigo-600 underline dark:text-indigo-400">
                  {m.homepage}
                </a>
              ) : null}
            </div>
          </div>
          <p className="text-sm" data-testid="consent-redirect-host">
            {format(m.redirectHost, { host: redirectHost })}
          </p>
          <Alert tone="warning">{m.unverified}</Alert>
          <div>
            <p className="text-sm font-medium">{m.scopesTitle}</p>
            <ul className="mt-1 list-disc pl-5 text-sm" data-testid="consent-scopes">
              {scopes.map((scope) => (
                <li key={scope} data-scope={scope}>
                  {m[`scope_${scope}` as keyof OAuthText] ?? scope}
                </li>
              ))}
            </ul>
          </div>
          <fieldset className="flex flex-col gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
            <legend className="px-1 text-sm font-medium">{m.capTitle}</legend>
            <p className="text-xs text-slate-500 dark:text-slate-400">{m.capHint}</p>
            {capError ? <Alert tone="error" testId="consent-cap-error">{m.capError}</Alert> : null}
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
              <div className="flex flex-col gap-1">
                <label htmlFor="cap" className="text-sm font-medium">
                  {m.capLabel}
                </label>
                <input id="cap" name="cap" inputMode="decimal" required defaultValue="100" className={inputClass} data-testid="consent-cap" />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor="period" className="text-sm font-medium">
                  {m.periodLabel}
                </label>
                <select id="period" name="period" defaultValue="month" className={inputClass} data-testid="consent-period">
                  {CAP_PERIODS.map((p) => (
                    <option key={p} value={p}>
                      {m[`period_${p}`]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor="expiryDays" className="text-sm font-medium">
                  {m.expiryLabel}
                </label>
                <select id="expiryDays" name="expiryDays" defaultValue="30" className={inputClass} data-testid="consent-expiry">
                  {GRANT_EXPIRY_DAYS.map((d) => (
                    <option key={d} value={d}>
                      {m[`expiry_${d}`]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>
          <p className="text-xs text-slate-500 dark:text-slate-400">{m.revokeHint}</p>
          <div className="flex gap-3">
            <Button type="submit" name="decision" value="approve" data-testid="consent-approve">
              {m.approve}
            </Button>
            <Button type="submit" name="decision" value="deny" variant="secondary" formNoValidate data-testid="consent-deny">
              {m.deny}
            </Button>
          </div>
        </form>
      </Card>
    </main>
  );
}

/**
 * An error shown instead of redirecting: the app or its return address cannot be trusted. The reader gets the
 * reason in their language (the server's own description is English, for apps); the app's developer, the code.
 */
export function OAuthErrorView({ m, reason }: { m: OAuthText; reason: string | undefined }) {
  const known = knownReason(reason);
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-8">
      <PageTitle>{m.errorTitle}</PageTitle>
      <Alert tone="error" testId="oauth-error">
        <p data-error={known ?? "unknown"}>{known ? m[`error_${known}`] : m.error_unknown}</p>
        {known ? (
          <p className="mt-1 text-xs">
            {m.errorCode} <code data-testid="oauth-error-code">{known}</code>
          </p>
        ) : null}
      </Alert>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{m.errorLead}</p>
    </main>
  );
}
