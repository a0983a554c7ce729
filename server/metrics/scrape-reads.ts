import { getBilling } from "../billing";
import type { HoldCount } from "../billing/meter";
import { openedDbHandle } from "../db";
import { getLogger } from "../logging/logger";
import { loadedAccounts } from "../routing/accounts";
import { breakerStates } from "../routing/breakers";
import { slotsHeld } from "../routing/slots";
import { lastLedgerCheck, type LedgerCheckOutcome } from "./ledger-check";

// What the gauges read at scrape time: state the process keeps anyway, so requests pay nothing for them.

/** One read shared by the gauges of a scrape (prom-client collects them concurrently), reused for `ttlMs`. */
function shared<T>(read: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) last = { at: now, value: read() };
    return last.value;
  };
}

/**
 * The meter's reservations: one store round trip per scrape with Redis (it counts every instance's). Undefined when
 * the store did not answer: the gauges keep what the last scrape saw, and the outage shows in readiness.
 */
export const holdCount: () => Promise<HoldCount | undefined> = shared(
  () =>
    getBilling()
      .meter.holds()
      .catch((err: unknown) => void getLogger().warn({ err }, "could not count billing holds for the metrics")),
  1_000,
);

let lastKnownCheck: LedgerCheckOutcome | undefined;

/**
 * The last ledger check's outcome, read from the database at most once a minute, and only once this process has
 * opened the database for its own work (rendering metrics never opens one). A failed read keeps what was known.
 */
export const ledgerCheck: () => Promise<LedgerCheckOutcome | undefined> = shared(async () => {
  const handle = openedDbHandle();
  if (!handle) return lastKnownCheck;
  try {
    lastKnownCheck = (await lastLedgerCheck((await handle).db)) ?? lastKnownCheck;
  } catch (err) {
    getLogger().warn({ err }, "could not read the last ledger check for the metrics");
  }
  return lastKnownCheck;
}, 60_000);

export interface AccountLoad {
  provider: string;
  account: string;
  /** The account's concurrency limit (shared by every instance). */
  slots: number;
  /** This instance's upstream requests holding one of them. */
  inFlight: number;
}

/** Every account as last loaded by the routing, with this instance's slots in use; none before the first load. */
export function accountLoads(): AccountLoad[] {
  const held = slotsHeld();
  return (loadedAccounts() ?? []).map((a) => ({ provider: a.provider, account: a.id, slots: a.concurrency, inFlight: held.get(a.id) ?? 0 }));
}

/** This instance's breakers (one per account and model, made on first use) of accounts still in use. */
export function breakers(): { provider: string; account: string; model: string; open: boolean }[] {
  const providers = new Map((loadedAccounts() ?? []).map((a) => [a.id, a.provider]));
  return breakerStates().flatMap(({ accountId, modelId, open }) => {
    const provider = providers.get(accountId);
    return provider ? [{ provider, account: accountId, model: modelId, open }] : [];
  });
}
