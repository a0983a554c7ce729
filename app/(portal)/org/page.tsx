import Link from "next/link";
import { getReaderTimeZone } from "@/components/format/reader-time-zone";
import { Rub } from "@/components/format/rub";
import { getLocale, getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { Card } from "@/components/ui/card";
import { dayInZone, formatMonth, type TimeZone } from "@/server/core/format/time";
import { format } from "@/server/core/locale";
import { ORG_ROLES } from "@/server/db/schema";
import { can } from "@/server/services/organizations/permissions";
import { LeaveOrganization } from "./leave-organization";
import { MembersManager } from "./members-manager";
import { orgMessages } from "./messages";
import { loadOrgPage, OrgFrame, type OrgAccount } from "./org-context";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("org");

export default async function OrganizationPage() {
  const { ctx, account, caller } = await loadOrgPage();
  if (account.kind === "personal") return <OrgFrame account={account} section="members" />;
  const [m, org, zone] = await Promise.all([getMessages(orgMessages), caller.org.get(), getReaderTimeZone(ctx.user)]);
  const locale = await getLocale();
  return (
    <OrgFrame account={account} section="members">
      {org.balanceMicro !== null ? (
        <p className="text-sm">
          {m.balance}:{" "}
          <span className="font-semibold tabular-nums" data-testid="org-balance">
            <Rub micro={org.balanceMicro} locale={locale} />
          </span>
        </p>
      ) : null}
      <MembersManager
        me={ctx.user!.id}
        myRole={account.role}
        roles={ORG_ROLES}
        manage={can(account, "members.manage")}
        limits={can(account, "limits.manage")}
      />
      {can(account, "activity.read") ? <MemberActivity account={account} caller={caller} zone={zone} /> : null}
      <div>
        <LeaveOrganization />
      </div>
    </OrgFrame>
  );
}

/**
 * This month's spending by member, the month of the reader's zone as the usage summary counts it (the activity page
 * has the same by-member breakdown for any range).
 */
async function MemberActivity({ account, caller, zone }: { account: OrgAccount; caller: Awaited<ReturnType<typeof loadOrgPage>>["caller"]; zone: TimeZone }) {
  const [m, locale] = await Promise.all([getMessages(orgMessages), getLocale()]);
  const today = dayInZone(new Date(), zone);
  const month = today.slice(0, 7);
  const summary = await caller.usage.summary({ from: `${month}-01`, to: today });
  const rows = summary.byMember;
  return (
    <Card
      title={format(m.activityTitle, { month: formatMonth(month, locale) })}
      actions={
        <Link href={`/activity?from=${month}-01&to=${today}`} className="text-sm text-indigo-700 underline dark:text-indigo-300">
          {m.openActivity}
        </Link>
      }
    >
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">{m.activityLead}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.noActivity}</p>
      ) : (
        <ul className="flex flex-col text-sm" data-testid="member-activity" data-org={account.orgId}>
          {rows.map((row) => (
            <li key={row.id ?? "none"} className="flex justify-between gap-3 border-t border-slate-200 py-1.5 first:border-t-0 dark:border-slate-800">
              <span className="min-w-0 truncate">{row.label || "—"}</span>
              <span className="shrink-0 tabular-nums" data-testid="member-activity-cost">
                <Rub micro={row.costMicro} locale={locale} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
