import { getBilling } from "../billing";
import { onChargesBooked } from "../billing/hooks";
import { sweepReservations } from "../billing/sweeper";
import { getConfig } from "../config";
import { getDbHandle } from "../db";
import { migrate } from "../db/migrate";
import { startProviderHealthChecks } from "../health/provider-health";
import { getLogger } from "../logging/logger";
import { bodySettings } from "../gateway/request-body";
import { routingSettings } from "../routing/settings";
import type { RunningEmulator } from "../providers/emulator/server";
import { configurePayments, getPayments, paymentsSettingsFromConfig } from "../payments";
import { startDemoPayments } from "../payments/demo";
import { getEnvironmentProviders } from "../providers/environment";
import { ALL_MODELS } from "../providers/registry";
import { checkLowBalance } from "../services/billing/low-balance";
import { reconcilePending } from "../services/topups/reconcile-pending";
import { checkSpendAnomalies } from "../services/keys/check-spend-anomalies";
import { purgeExpiredResponses } from "../services/responses/purge-responses";
import type { Provider } from "../providers/types";
import { syncCatalog } from "../services/catalog/sync-catalog";
import { getStore, withLock } from "../store";
import { leaseSettings } from "../store/leases";

export interface Runtime {
  providers: Map<string, Provider>;
  demo: boolean;
  emulators: RunningEmulator[];
}

async function boot(): Promise<Runtime> {
  const config = getConfig();
  const log = getLogger();
  // Billing books the charges; the services above it mail users whose balance fell below their threshold.
  onChargesBooked(checkLowBalance);
  await migrate(await getDbHandle());
  Object.assign(routingSettings, {
    firstByteTimeoutMs: config.XROUTER_FIRST_BYTE_TIMEOUT_MS,
    totalTimeoutMs: config.XROUTER_TOTAL_TIMEOUT_MS,
    streamIdleTimeoutMs: config.XROUTER_STREAM_IDLE_TIMEOUT_MS,
  });
  bodySettings.timeoutMs = config.XROUTER_BODY_TIMEOUT_MS;
  const { providers, demo, emulators: providerEmulators } = await getEnvironmentProviders();
  const emulators = [...providerEmulators];
  // Every provider's models are in the catalog: admins may add accounts for providers the environment lacks.
  await syncCatalog((await getDbHandle()).db, ALL_MODELS);
  log.info({ providers: [...providers.keys()], demo }, "providers ready");

  let payments = paymentsSettingsFromConfig(config);
  if (!payments && demo) {
    const demoPayments = await startDemoPayments(`http://127.0.0.1:${config.PORT}`);
    emulators.push(demoPayments.emulator);
    payments = demoPayments.settings;
    log.warn("demo mode: top-ups go to the built-in YooKassa emulator");
  }
  configurePayments(payments);
  startSweepers();
  void startProviderHealthChecks();
  return { providers, demo, emulators };
}

const RECONCILE_MS = 5 * 60_000;
const SPEND_CHECK_MS = 60_000;
/** Stored Responses past XROUTER_RESPONSES_RETENTION_DAYS are purged hourly (reads skip them before that). */
const RESPONSES_PURGE_MS = 60 * 60_000;

/**
 * Every instance sweeps, one at a time: reservations left by a stopped instance are booked or released once
 * their lease runs out (within a lease and a renewal interval, 40 s by default), top-ups whose webhook never
 * came are re-fetched from YooKassa every five minutes, keys are checked for unusual spending every minute, and stored Responses past their retention are purged hourly.
 */
function startSweepers(): void {
  const log = getLogger();
  setInterval(() => {
    const { meter, charges } = getBilling();
    void withLock(getStore(), "sweep-reservations", leaseSettings.leaseMs, async () =>
      sweepReservations((await getDbHandle()).db, meter, charges),
    ).catch((err: unknown) => log.warn({ err }, "reservation sweep failed"));
  }, leaseSettings.renewEveryMs).unref();
  setInterval(() => {
    const payments = getPayments();
    if (!payments) return;
    void getDbHandle()
      .then(({ db }) => reconcilePending({ db, payments }))
      .catch((err: unknown) => log.warn({ err }, "top-up reconciliation failed"));
  }, RECONCILE_MS).unref();
  setInterval(() => {
    void withLock(getStore(), "spend-anomalies", SPEND_CHECK_MS, async () => checkSpendAnomalies((await getDbHandle()).db)).catch((err: unknown) =>
      log.warn({ err }, "spend anomaly check failed"),
    );
  }, SPEND_CHECK_MS).unref();
  setInterval(() => {
    void withLock(getStore(), "purge-responses", RESPONSES_PURGE_MS, async () => purgeExpiredResponses((await getDbHandle()).db)).catch((err: unknown) =>
      log.warn({ err }, "stored responses purge failed"),
    );
  }, RESPONSES_PURGE_MS).unref();
}

/** Migrations, catalog and providers, done once per process (both doors share it through globalThis). */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as { __xrouterRuntime?: Promise<Runtime> };
  g.__xrouterRuntime ??= boot();
  return g.__xrouterRuntime;
}
