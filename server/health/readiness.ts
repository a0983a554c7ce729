import { sql } from "drizzle-orm";
import { getDb } from "../db";
import { getStore } from "../store";

export interface Readiness {
  ready: boolean;
  checks: Record<"database" | "store", { ok: boolean; error?: string }>;
}

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Readiness: the database and the store both answer. */
export async function checkReadiness(): Promise<Readiness> {
  const [database, store] = await Promise.all([
    check(async () => (await getDb()).execute(sql`select 1`)),
    check(() => getStore().ping()),
  ]);
  return { ready: database.ok && store.ok, checks: { database, store } };
}
