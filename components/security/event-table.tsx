"use client";

import type { ReactNode } from "react";
import type { Locale } from "@/server/core/locale";
import { useDateTime } from "@/components/format/time-zone";
import { Button } from "@/components/ui/button";
import { Truncate } from "@/components/ui/truncate";
import { EventDetails } from "./event-details";

/** What every audit event row shows, whoever looks at it. */
export interface ShownEvent {
  id: number | string;
  kind: string;
  createdAt: Date;
  data: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
}

export interface EventColumn<E> {
  header: string;
  cell: (event: E) => ReactNode;
  className?: string;
}

interface EventTableProps<E extends ShownEvent> {
  events: E[];
  /** Columns between the event and its details (the admin's owner, actor and subject). */
  columns: EventColumn<E>[];
  labels: { time: string; details: string; ip: string; device: string; more: string };
  locale: Locale;
  testIds: { table: string; row: string; more: string };
  minWidth: string;
  more?: { has: boolean; busy: boolean; load: () => void };
}

/** Audit events as a table, newest first, with a button for the next page: the Security page and the admin journal. */
export function EventTable<E extends ShownEvent>({ events, columns, labels, locale, testIds, minWidth, more }: EventTableProps<E>) {
  const dateTime = useDateTime();
  const when = (date: Date) => dateTime(date, { time: "seconds" });
  return (
    <>
      {/* Focusable, so a keyboard can scroll the wide table on a phone. */}
      <div tabIndex={0} className="-mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <table className={`w-full ${minWidth} text-left text-sm`} data-testid={testIds.table}>
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-2 pr-3 font-medium">{labels.time}</th>
              {columns.map((column) => (
                <th key={column.header} className="py-2 pr-3 font-medium">
                  {column.header}
                </th>
              ))}
              <th className="py-2 pr-3 font-medium">{labels.details}</th>
              <th className="py-2 pr-3 font-medium">{labels.ip}</th>
              <th className="py-2 font-medium">{labels.device}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} className="border-t border-slate-200 align-top dark:border-slate-800" data-testid={testIds.row} data-kind={event.kind}>
                <td className="py-2 pr-3 whitespace-nowrap text-slate-600 dark:text-slate-400">{when(event.createdAt)}</td>
                {columns.map((column) => (
                  <td key={column.header} className={`py-2 pr-3 ${column.className ?? ""}`}>
                    {column.cell(event)}
                  </td>
                ))}
                <td className="max-w-[18rem] py-2 pr-3">
                  <EventDetails data={event.data} locale={locale} />
                </td>
                <td className="py-2 pr-3 font-mono text-xs whitespace-nowrap">{event.ip ?? "—"}</td>
                <td className="py-2 text-xs text-slate-600 dark:text-slate-400">
                  <Truncate text={event.userAgent ?? "—"} className="max-w-[14rem]" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more?.has ? (
        <Button variant="secondary" className="mt-3" disabled={more.busy} onClick={more.load} data-testid={testIds.more}>
          {labels.more}
        </Button>
      ) : null}
    </>
  );
}
