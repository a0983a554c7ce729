import type { providerAccounts } from "../../db/schema";
import { open } from "../../routing/secret-box";
import { publicSettings } from "./credentials";

export interface AccountView {
  id: string;
  provider: string;
  name: string;
  weight: number;
  priority: number;
  concurrency: number;
  /** What the account costs in percent of the catalog price (the price strategy's order). */
  costPercent: number;
  models: string[] | null;
  upstreamModels: Record<string, string>;
  enabled: boolean;
  source: "env" | "demo" | "admin";
  /** Endpoint, scope, folder: the non-secret part of the sealed settings. */
  settings: Record<string, string>;
  createdAt: Date | null;
}

/** An admin account row for the portal: the sealed secret stays sealed, only its non-secret fields show. */
export function toAccountView(row: typeof providerAccounts.$inferSelect): AccountView {
  let settings: Record<string, string> = {};
  try {
    settings = publicSettings(row.provider, JSON.parse(open(row.secretEncrypted)) as Record<string, unknown>);
  } catch {
    // A secret sealed with another key: the account is listed, its endpoint is unknown.
  }
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    weight: row.weight,
    priority: row.priority,
    concurrency: row.concurrency,
    costPercent: row.costPercent,
    models: row.models,
    upstreamModels: row.upstreamModels ?? {},
    enabled: row.enabled,
    source: "admin",
    settings,
    createdAt: row.createdAt,
  };
}
