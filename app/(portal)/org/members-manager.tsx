"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Truncate } from "@/components/ui/truncate";
import { useDateTime } from "@/components/format/time-zone";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { formatRub } from "@/server/core/format/rub";
import { format } from "@/server/core/locale";
import type { OrgRole } from "@/server/db/schema/organizations";
import { orgErrorText, orgMessages } from "./messages";

type Notice = { tone: "success" | "error"; text: string };
type Member = { userId: string; email: string; role: OrgRole; monthlyLimitMicro: number | null };

const cell = "px-2 py-2 align-middle";
const smallSelect = `${inputClass} w-auto py-1`;

/**
 * The members of the chosen organization: roles, monthly limits, removal (their keys disabled or handed to another
 * member), ownership transfer; invitations for those who may manage members. Controls a role lacks are not shown.
 */
export function MembersManager({
  me,
  myRole,
  roles,
  manage,
  limits,
}: {
  me: string;
  myRole: OrgRole;
  /** ORG_ROLES (its module is server-side). */
  roles: readonly OrgRole[];
  manage: boolean;
  limits: boolean;
}) {
  const m = useMessages(orgMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice>();
  const members = useQuery(trpc.org.members.queryOptions());
  const onError = (err: { message: string }) => setNotice({ tone: "error", text: orgErrorText(m, err.message) });
  const refresh = () => queryClient.invalidateQueries(trpc.org.members.queryFilter());
  const mayManage = (role: OrgRole) => manage && (myRole === "owner" || role !== "owner");
  const assignable = roles.filter((role) => myRole === "owner" || role !== "owner");

  return (
    <div className="flex flex-col gap-4">
      <Card title={m.members}>
        {notice ? (
          <div className="mb-3">
            <Alert tone={notice.tone} testId="members-notice">
              {notice.text}
            </Alert>
          </div>
        ) : null}
        <div className="-mx-4 overflow-x-auto px-4">
          <table className="w-full text-left text-sm" data-testid="members-table">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className={cell}>{m.email}</th>
                <th className={cell}>{m.role}</th>
                <th className={cell}>{m.limit}</th>
                {manage ? <th className={cell}>{m.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.data?.map((member) => (
                <MemberRow
                  key={member.userId}
                  member={member}
                  others={members.data.filter((other) => other.userId !== member.userId)}
                  self={member.userId === me}
                  myRole={myRole}
                  roles={assignable}
                  manage={mayManage(member.role) && member.userId !== me}
                  showActions={manage}
                  limits={limits}
                  onDone={(text) => {
                    setNotice(text ? { tone: "success", text } : undefined);
                    void refresh();
                  }}
                  onError={onError}
                />
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {manage ? <Invitations roles={assignable} /> : null}
    </div>
  );
}

function MemberRow(props: {
  member: Member;
  others: Member[];
  self: boolean;
  myRole: OrgRole;
  roles: readonly OrgRole[];
  manage: boolean;
  showActions: boolean;
  limits: boolean;
  onDone: (text?: string) => void;
  onError: (err: { message: string }) => void;
}) {
  const { member, others, self, myRole, roles, manage, limits, onDone, onError } = props;
  const m = useMessages(orgMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const [removing, setRemoving] = useState(false);
  const [reassignTo, setReassignTo] = useState("");
  const shownLimit = member.monthlyLimitMicro === null ? "" : formatRub(member.monthlyLimitMicro, locale, { symbol: false });
  const [limit, setLimit] = useState(shownLimit);
  const setRole = useMutation(trpc.org.setRole.mutationOptions({ onSuccess: () => onDone(m.saved), onError }));
  const setLimitMutation = useMutation(trpc.memberLimits.set.mutationOptions({ onSuccess: () => onDone(m.saved), onError }));
  const remove = useMutation(trpc.org.removeMember.mutationOptions({ onSuccess: () => onDone(), onError }));
  const transfer = useMutation(trpc.org.transferOwnership.mutationOptions({ onSuccess: () => window.location.reload(), onError }));

  const saveLimit = (e: FormEvent) => {
    e.preventDefault();
    setLimitMutation.mutate({ userId: member.userId, limitRub: limit.trim() ? limit.trim() : null });
  };

  return (
    <>
      <tr className="border-t border-slate-200 dark:border-slate-800" data-testid="member-row" data-email={member.email}>
        <td className={cell}>
          <Truncate text={member.email} />
          {self ? <span className="text-xs text-slate-500">{m.you}</span> : null}
        </td>
        <td className={cell}>
          {manage ? (
            <select
              aria-label={`${m.role}: ${member.email}`}
              className={smallSelect}
              value={member.role}
              onChange={(e) => setRole.mutate({ userId: member.userId, role: e.target.value as OrgRole })}
              data-testid="member-role"
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {m[`role_${role}`]}
                </option>
              ))}
            </select>
          ) : (
            <span data-testid="member-role-text">{m[`role_${member.role}`]}</span>
          )}
        </td>
        <td className={cell}>
          {limits ? (
            <form onSubmit={saveLimit} className="flex items-center gap-1">
              <input
                aria-label={`${m.limit}: ${member.email}`}
                className={`${inputClass} w-28 py-1`}
                inputMode="decimal"
                placeholder={m.noLimit}
                value={limit}
                onChange={(e) => setLimit(e.target.value)}
                data-testid="member-limit"
              />
              <Button type="submit" variant="secondary" className="py-1" disabled={limit === shownLimit || setLimitMutation.isPending} data-testid="member-limit-save">
                {m.save}
              </Button>
            </form>
          ) : (
            <span className="tabular-nums">{member.monthlyLimitMicro === null ? m.noLimit : formatRub(member.monthlyLimitMicro, locale, { symbol: false })}</span>
          )}
        </td>
        {props.showActions ? (
          <td className={cell}>
            <div className="flex flex-wrap gap-1">
              {manage ? (
                <Button variant="secondary" className="py-1" onClick={() => setRemoving((v) => !v)} data-testid="member-remove">
                  {m.remove}
                </Button>
              ) : null}
              {myRole === "owner" && !self ? (
                <Button
                  variant="secondary"
                  className="py-1"
                  data-testid="member-transfer"
                  onClick={() => {
                    if (window.confirm(format(m.confirmTransfer, { email: member.email }))) transfer.mutate({ userId: member.userId });
                  }}
                >
                  {m.transfer}
                </Button>
              ) : null}
            </div>
          </td>
        ) : null}
      </tr>
      {removing ? (
        <tr data-testid="member-remove-panel">
          <td colSpan={4} className="px-2 pb-3">
            <fieldset className="flex flex-col gap-2 rounded-md border border-red-200 p-3 text-sm dark:border-red-900">
              <legend className="px-1 font-medium">{format(m.removeTitle, { email: member.email })}</legend>
              <span>{m.removeKeys}</span>
              <label className="flex items-center gap-2">
                <input type="radio" name={`keys-${member.userId}`} checked={reassignTo === ""} onChange={() => setReassignTo("")} />
                {m.disableKeys}
              </label>
              {others.length > 0 ? (
                <label className="flex flex-wrap items-center gap-2">
                  <input type="radio" name={`keys-${member.userId}`} checked={reassignTo !== ""} onChange={() => setReassignTo(others[0]!.userId)} />
                  {m.reassignTo}
                  <select
                    aria-label={m.reassignTo}
                    className={smallSelect}
                    value={reassignTo}
                    onChange={(e) => setReassignTo(e.target.value)}
                    data-testid="member-reassign"
                  >
                    <option value="">—</option>
                    {others.map((other) => (
                      <option key={other.userId} value={other.userId}>
                        {other.email}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <div className="flex gap-2">
                <Button
                  variant="danger"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ userId: member.userId, reassignTo: reassignTo || undefined })}
                  data-testid="member-remove-confirm"
                >
                  {m.confirmRemove}
                </Button>
                <Button variant="secondary" onClick={() => setRemoving(false)}>
                  {m.cancel}
                </Button>
              </div>
            </fieldset>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Invitations({ roles }: { roles: readonly OrgRole[] }) {
  const m = useMessages(orgMessages);
  const locale = useLocale();
  const when = useDateTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<OrgRole>("developer");
  const [notice, setNotice] = useState<Notice>();
  const invitations = useQuery(trpc.org.invitations.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.org.invitations.queryFilter());
  const onError = (err: { message: string }) => setNotice({ tone: "error", text: orgErrorText(m, err.message) });
  const invite = useMutation(
    trpc.org.invite.mutationOptions({
      onSuccess: (invitation) => {
        setNotice({ tone: "success", text: format(m.invited, { email: invitation.email }) });
        setEmail("");
        void refresh();
      },
      onError,
    }),
  );
  const revoke = useMutation(trpc.org.revokeInvitation.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (email.trim()) invite.mutate({ email: email.trim(), role, locale });
  };
  const pending = invitations.data?.filter((invitation) => invitation.status === "pending") ?? [];
  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      <Card title={m.inviteTitle}>
        <form onSubmit={submit} className="flex flex-col gap-3" data-testid="invite-form">
          <p className="text-xs text-slate-600 dark:text-slate-400">{m.inviteLead}</p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <label htmlFor="invite-email" className="sr-only">
              {m.email}
            </label>
            <input
              id="invite-email"
              type="email"
              required
              className={inputClass}
              placeholder={m.email}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="invite-email"
            />
            <label htmlFor="invite-role" className="sr-only">
              {m.role}
            </label>
            <select id="invite-role" className={`${inputClass} sm:w-44`} value={role} onChange={(e) => setRole(e.target.value as OrgRole)} data-testid="invite-role">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {m[`role_${r}`]}
                </option>
              ))}
            </select>
            <Button type="submit" disabled={invite.isPending} data-testid="invite-submit">
              {m.invite}
            </Button>
          </div>
          {notice ? (
            <Alert tone={notice.tone} testId="invite-notice">
              {notice.text}
            </Alert>
          ) : null}
        </form>
      </Card>
      <Card title={m.invitations}>
        {pending.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.noInvitations}</p>
        ) : (
          <ul className="flex flex-col text-sm" data-testid="invitations">
            {pending.map((invitation) => (
              <li
                key={invitation.id}
                className="flex items-center justify-between gap-3 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-800"
                data-testid="invitation-row"
                data-email={invitation.email}
              >
                <span className="min-w-0">
                  <Truncate text={invitation.email} />
                  <span className="text-xs text-slate-500">
                    {m[`role_${invitation.role}`]} · {m.expires} {when(invitation.expiresAt, { time: "none" })}
                  </span>
                </span>
                <Button variant="secondary" className="py-1" onClick={() => revoke.mutate({ id: invitation.id })} data-testid="invitation-revoke">
                  {m.revoke}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
