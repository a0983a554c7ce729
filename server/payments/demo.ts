import type { YooKassaSettings } from "./yookassa/client";
import {
  type RunningYooKassaEmulator,
  startYooKassaEmulator,
  YOOKASSA_EMULATOR_DEFAULT_SHOP,
} from "./yookassa/emulator";

/** The path of the webhook route handler (app/api/payments/yookassa/webhook/route.ts). */
export const YOOKASSA_WEBHOOK_PATH = "/api/payments/yookassa/webhook";

export interface DemoPayments {
  /** Settings to pass to `configurePayments` (a test shop: shopId, secret key, apiUrl of the emulator, test: true). */
  settings: YooKassaSettings;
  emulator: RunningYooKassaEmulator;
}

/**
 * Demo mode: starts the YooKassa emulator on 127.0.0.1 with a test shop whose notifications go to
 * `<webhookBaseUrl>/api/payments/yookassa/webhook` (e.g. http://127.0.0.1:3000). Its checkout page lives on the
 * emulator's own port, so a browser on another machine cannot reach it: demo mode is for this machine only.
 */
export async function startDemoPayments(
  webhookBaseUrl: string,
  options: { port?: number } = {},
): Promise<DemoPayments> {
  const emulator = await startYooKassaEmulator({
    port: options.port,
    shops: [YOOKASSA_EMULATOR_DEFAULT_SHOP],
    webhookUrl: `${webhookBaseUrl.replace(/\/+$/, "")}${YOOKASSA_WEBHOOK_PATH}`,
  });
  return {
    emulator,
    settings: {
      shopId: YOOKASSA_EMULATOR_DEFAULT_SHOP.shopId,
      secretKey: YOOKASSA_EMULATOR_DEFAULT_SHOP.secretKey,
      apiUrl: emulator.apiUrl,
      test: true,
    },
  };
}
