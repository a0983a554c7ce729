import { type Config, getConfig } from "../config";
import {
  createYooKassaClient,
  type YooKassaClient,
  type YooKassaClientOptions,
  type YooKassaSettings,
} from "./yookassa/client";

export type { YooKassaClient, YooKassaSettings } from "./yookassa/client";

/**
 * The process-wide payments client. The runtime installs it at boot (`configurePayments`) from the
 * YOOKASSA_* settings or from demo mode (`startDemoPayments`); route handlers read it with `getPayments()`.
 * Kept on globalThis because the custom server and Next's route modules are separate module graphs.
 */
const g = globalThis as { __xrouterPayments?: YooKassaClient | null };

/** YOOKASSA_SHOP_ID + YOOKASSA_SECRET_KEY (+ YOOKASSA_API_URL) → settings, or undefined when either is unset. */
export function paymentsSettingsFromConfig(
  config: Pick<Config, "YOOKASSA_SHOP_ID" | "YOOKASSA_SECRET_KEY" | "YOOKASSA_API_URL">,
): YooKassaSettings | undefined {
  if (!config.YOOKASSA_SHOP_ID || !config.YOOKASSA_SECRET_KEY) return undefined;
  return { shopId: config.YOOKASSA_SHOP_ID, secretKey: config.YOOKASSA_SECRET_KEY, apiUrl: config.YOOKASSA_API_URL };
}

/** Installs (or, with undefined, removes) the payments client for this process and returns it. */
export function configurePayments(
  settings: YooKassaSettings | undefined,
  options?: YooKassaClientOptions,
): YooKassaClient | undefined {
  g.__xrouterPayments = settings ? createYooKassaClient(settings, options) : null;
  return g.__xrouterPayments ?? undefined;
}

/**
 * The configured payments client, or undefined when top-ups are not available (no credentials, no demo).
 * Until the runtime has configured it, the YOOKASSA_* settings are used if present.
 */
export function getPayments(): YooKassaClient | undefined {
  if (g.__xrouterPayments === undefined) {
    const settings = paymentsSettingsFromConfig(getConfig());
    if (!settings) return undefined;
    configurePayments(settings);
  }
  return g.__xrouterPayments ?? undefined;
}
