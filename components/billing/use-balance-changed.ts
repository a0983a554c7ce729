"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/trpc/client";

/** Tells every view of the chosen account's balance (the header's, the billing page's) to read it again. */
export function useBalanceChanged(): () => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries(trpc.billing.balance.queryFilter()), [queryClient, trpc]);
}
