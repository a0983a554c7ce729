import { z } from "zod";
import { parseEnvironment } from "../config";
import { PROVIDERS } from "./registry";

/** Settings of the accounts to serve, by provider id. A provider without settings is not served. */
export type ProviderSettings = Record<string, object>;

/** Every provider's environment variables in one check (names and defaults are each descriptor's). */
export const providerEnvSchema = (): z.ZodObject => z.object(Object.assign({}, ...PROVIDERS.map((p) => p.env.variables)));

/**
 * The accounts an environment configures, by provider id. Throws a ConfigError naming the first bad variable:
 * entry points check it at start together with the process's own settings (server/runtime/environment.ts).
 */
export function settingsFromEnvironment(env: Record<string, string | undefined>): ProviderSettings {
  const values = parseEnvironment(providerEnvSchema(), env);
  const settings: ProviderSettings = {};
  for (const provider of PROVIDERS) {
    const account = provider.env.settings(values);
    if (account) settings[provider.id] = account;
  }
  return settings;
}
