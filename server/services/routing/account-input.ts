import { z } from "zod";
import { CATALOG_COST_PERCENT } from "../../routing/cost-basis";
import { isProviderId } from "../../providers/lookup";

const costPercentMessage = "costPercent is what the account costs in whole percent of the catalog price, 0 to 1000";

/** The non-secret fields of a provider account, as admins type them; no defaults, so an edit changes only what it names. */
export const accountFieldsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  weight: z.number().int().min(0).max(1000),
  priority: z.number().int().min(-1000).max(1000),
  concurrency: z.number().int().min(1).max(1000),
  /** Orders the model's accounts under the price strategy; users are charged the catalog price either way. */
  costPercent: z.number({ error: costPercentMessage }).int(costPercentMessage).min(0, costPercentMessage).max(1000, costPercentMessage),
  /** Public model ids served; null serves every model of the provider. */
  models: z.array(z.string().trim().min(1).max(200)).max(500).nullable(),
  /** Public model id (of any provider) → the upstream name this account serves it under. */
  upstreamModels: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(200)),
});

export type AccountFields = z.infer<typeof accountFieldsSchema>;

export const createAccountSchema = accountFieldsSchema.extend({
  upstreamModels: accountFieldsSchema.shape.upstreamModels.default({}),
  costPercent: accountFieldsSchema.shape.costPercent.default(CATALOG_COST_PERCENT),
  provider: z.string().refine(isProviderId, "unknown provider"),
  /** Checked against the provider's schema in credentials.ts (a CA bundle may run to 64 KiB); sealed, never returned. */
  credentials: z.record(z.string(), z.string().max(65_536)),
  enabled: z.boolean().default(true),
});

export type CreateAccountInput = z.infer<typeof createAccountSchema>;

export class AccountInputError extends Error {
  constructor(
    readonly code: "invalid_credentials" | "unknown_model",
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "AccountInputError";
  }
}
