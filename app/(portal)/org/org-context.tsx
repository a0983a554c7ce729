import Link from "next/link";
import type { ReactNode } from "react";
import { getMessages } from "@/components/i18n/server";
import { Alert } from "@/components/ui/alert";
import { Card, PageTitle } from "@/components/ui/card";
import { TabNav } from "@/components/ui/tab-nav";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { format } from "@/server/core/locale";
import { listMyOrganizations } from "@/server/services/organizations/list-my-organizations";
import { resolveActingAccount, type ActingAccount } from "@/server/services/organizations/acting-account";
import { can, type Permission } from "@/server/services/organizations/permissions";
import { OpenOrganization } from "./open-organization";
import { orgMessages } from "./messages";

export type OrgAccount = Extract<ActingAccount, { kind: "organization" }>;
type Section = "members" | "requisites" | "invoices" | "documents";

const SECTIONS: { id: Section; href: string; label: "tabMembers" | "tabRequisites" | "tabInvoices" | "tabDocuments"; needs: Permission }[] = [
  { id: "members", href: "/org", label: "tabMembers", needs: "org.read" },
  { id: "requisites", href: "/org/requisites", label: "tabRequisites", needs: "requisites.manage" },
  { id: "invoices", href: "/org/invoices", label: "tabInvoices", needs: "billing.read" },
  { id: "documents", href: "/org/documents", label: "tabDocuments", needs: "documents.read" },
];

/** The account the switcher chose, for an organization page (the layout already required a session). */
export async function loadOrgPage() {
  const ctx = await createTrpcContext();
  const account = await resolveActingAccount(ctx.db, ctx.user!.id, ctx.requestedAccount);
  return { ctx, account, caller: createCaller(ctx) };
}

/**
 * An organization page's frame: the name, the user's role and the sections their role may open. In the personal
 * account it shows the user's organizations instead; a section the role lacks says so rather than failing.
 */
export async function OrgFrame({ account, section, children }: { account: ActingAccount; section: Section; children?: ReactNode }) {
  const m = await getMessages(orgMessages);
  if (account.kind === "personal") return <PersonalAccount userId={account.userId} />;
  const tabs = SECTIONS.filter((s) => can(account, s.needs)).map((s) => ({ id: s.id, href: s.href, label: m[s.label] }));
  const allowed = tabs.some((tab) => tab.id === section);
  return (
    <div className="flex flex-col gap-4">
      <PageTitle description={format(m.roleLine, { role: m[`role_${account.role}`] })}>
        <span data-testid="org-name">{account.orgName}</span>
      </PageTitle>
      <div className="-mt-4">
        <TabNav label={m.nav} tabs={tabs} current={section} scrollable />
      </div>
      {allowed ? children : <Alert tone="warning">{format(m.noAccess, { role: m[`role_${account.role}`] })}</Alert>}
    </div>
  );
}

async function PersonalAccount({ userId }: { userId: string }) {
  const [m, ctx] = await Promise.all([getMessages(orgMessages), createTrpcContext()]);
  const organizations = await listMyOrganizations(ctx.db, userId);
  return (
    <div className="flex flex-col gap-4">
      <PageTitle description={m.personalLead}>{m.personalTitle}</PageTitle>
      <Card
        title={m.yourOrganizations}
        actions={
          <Link href="/org/new" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500" data-testid="org-create-link">
            {m.createLink}
          </Link>
        }
      >
        {organizations.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.noOrganizations}</p>
        ) : (
          <ul className="flex flex-col text-sm" data-testid="my-organizations">
            {organizations.map((org) => (
              <li key={org.id} className="flex items-center justify-between gap-3 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-800">
                <span className="min-w-0 truncate">
                  {org.name} <span className="text-xs text-slate-500">· {m[`role_${org.role}`]}</span>
                </span>
                <OpenOrganization orgId={org.id} label={m.switchTo} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
