import type { Db } from "../db";
import { getLogger } from "../logging/logger";

/**
 * Called after a batch of charges is booked, with the users it charged (the low-balance mail, registered by the
 * runtime). Billing sits below the services, so they plug in here instead of being imported.
 */
export type ChargesBookedHook = (db: Db, userIds: string[]) => Promise<unknown>;

// On globalThis: instrumentation and route handlers get separate module graphs but share one billing.
const g = globalThis as { __xrouterChargesBookedHooks?: Set<ChargesBookedHook> };
const hooks = () => (g.__xrouterChargesBookedHooks ??= new Set());

/** Registers a hook (once per function); returns its removal. */
export function onChargesBooked(hook: ChargesBookedHook): () => void {
  hooks().add(hook);
  return () => void hooks().delete(hook);
}

/** Runs every hook; a failing hook is logged and never holds the booking up. */
export async function runChargesBookedHooks(db: Db, userIds: string[]): Promise<void> {
  for (const hook of hooks()) {
    try {
      await hook(db, userIds);
    } catch (err) {
      getLogger().warn({ err }, "a hook after booked charges failed");
    }
  }
}
