"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { Rub } from "@/components/format/rub";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { defineMessages } from "@/server/core/locale";

const messages = defineMessages({
  ru: { balance: "Баланс", hint: "Баланс и пополнение" },
  en: { balance: "Balance", hint: "Balance and top-ups" },
});

type BalanceView = { balanceMicro: number; lowBalanceThresholdMicro: number | null };

/**
 * The header's balance: the root layout is not rendered again on client-side navigation, so it reads the balance
 * query again on every route change and when the window regains focus (a top-up paid in another tab, spending
 * through the API); pages that change the balance invalidate the same query (a promo code, the playground, a top-up
 * coming back credited).
 */
export function LiveHeaderBalance({ initial }: { initial: BalanceView }) {
  const m = useMessages(messages);
  const locale = useLocale();
  const trpc = useTRPC();
  const { data, refetch } = useQuery({ ...trpc.billing.balance.queryOptions(), initialData: initial });
  const pathname = usePathname();
  const shownFor = useRef(pathname);
  useEffect(() => {
    if (shownFor.current === pathname) return;
    shownFor.current = pathname;
    void refetch();
  }, [pathname, refetch]);
  const balanceMicro = data.balanceMicro;
  return (
    <Link
      href="/billing"
      title={m.hint}
      data-testid="header-balance"
      className={`whitespace-nowrap rounded-md border px-2 py-1 text-sm font-medium tabular-nums hover:bg-slate-100 dark:hover:bg-slate-800 ${
        balanceMicro > 0 ? "border-slate-300 dark:border-slate-700" : "border-red-300 text-red-700 dark:border-red-800 dark:text-red-300"
      }`}
    >
      <span className="sr-only">{m.balance}: </span>
      <Rub micro={balanceMicro} locale={locale} />
    </Link>
  );
}
