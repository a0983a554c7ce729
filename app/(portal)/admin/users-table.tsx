"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useDateTime } from "@/components/format/time-zone";
import { useLocale, useMessages } from "@/components/i18n/client";
import { roleLabel } from "@/components/i18n/labels";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { formatRub } from "@/server/core/format/rub";
import { adminMessages } from "./messages";

export function UsersTable() {
  const m = useMessages(adminMessages);
  const locale = useLocale();
  const when = useDateTime();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const { data } = useQuery(trpc.admin.users.queryOptions({ search: search || undefined }));
  return (
    <Card
      actions={
        <label className="flex items-center gap-2 text-sm">
          <span className="sr-only">{m.search}</span>
          <input className={inputClass} placeholder={m.search} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="admin-search" />
        </label>
      }
    >
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-2 pr-3">{m.email}</th>
              <th className="py-2 pr-3">{m.role}</th>
              <th className="py-2 pr-3 text-right">{m.balance}</th>
              <th className="py-2 pr-3 text-right">{m.keys}</th>
              <th className="py-2 pr-3">{m.status}</th>
              <th className="py-2">{m.created}</th>
            </tr>
          </thead>
          <tbody>
            {data?.users.map((user) => (
              <tr key={user.id} className="border-t border-slate-200 dark:border-slate-800" data-testid="admin-user-row">
                <td className="py-2 pr-3">
                  <Link href={`/admin/users/${user.id}`} title={user.email} className="block max-w-[16rem] truncate text-indigo-600 underline dark:text-indigo-400">
                    {user.email}
                  </Link>
                </td>
                <td className="py-2 pr-3">{roleLabel(user.role, locale)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatRub(user.balanceMicro, locale, { symbol: false })}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{user.keys}</td>
                <td className="py-2 pr-3">{user.disabledAt ? m.disabled : user.emailVerified ? m.active : m.unverified}</td>
                <td className="py-2 whitespace-nowrap">{when(user.createdAt, { time: "none" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
