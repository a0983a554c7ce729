import { getBilling } from "../billing";
import { onChargesBooked } from "../billing/hooks";
import { sweepReservations } from "../billing/sweeper";
import { getConfig } from "../config";
import { getDbHandle } from "../db";
import { migrate } from "../db/migrate";
import { onHealthRound, startProviderHealthChecks } from "../health/provider-health";
import { getLogger } from "../logging/logger";
import { bodySettings } from "../gateway/request-body";
import { routingSettings } from "../routing/settings";
import type { RunningEmulator } from "../providers/emulator/server";
import { configurePayments, getPayments, paymentsSettingsFromConfig } from "../payments";
import { startDemoPayments } from "../payments/demo";
import { getEnvironmentProviders } from "../providers/environment";
import { allModels } from "../providers/lookup";
import { checkLowBalance } from "../services/billing/low-balance";
import { reconcilePending } from "../services/topups/reconcile-pending";
import { checkSpendAnomalies } from "../services/keys/check-spend-anomalies";
import { purgeExpiredResponses } from "../services/responses/purge-responses";
import { recordHealthRound } from "../services/health-history/record-round";
import { sweepHealthHistory } from "../services/health-history/sweep-history";
import { runBatchWorker } from "../services/batches/worker";
import { expireInvoices } from "../services/legal/expire-invoices";
import { issueMonthClosingDocuments } from "../services/legal/issue-month-closing-documents";
import type { Provider } from "../providers/types";
import { syncCatalog } from "../services/catalog/sync-catalog";
import { syncAllUpstreamModels } from "../services/catalog/sync-upstream";
import { getStore } from "../store";
import { leaseSettings } from "../store/leases";
import { JobLease } from "./job-lease";

export interface Runtime {
  providers: Map<string, Provider>;
  demo: boolean;
  emulators: RunningEmulator[];
  /** The lease under which this instance may run the background jobs; given back on a graceful stop. */
  jobs: JobLease;
}

async function boot(): Promise<Runtime> {
  const config = getConfig();
  const log = getLogger();
  // Billing books the charges; the services above it mail users whose balance fell below their threshold.
  onChargesBooked(checkLowBalance);
  // The health checks sit below the services too: each round they run is kept for the status page's history.
  onHealthRound(async (results) => recordHealthRound((await getDbHandle()).db, results));
  await migrate(await getDbHandle());
  if (config.XROUTER_LEASE_MS) Object.assign(leaseSettings, { leaseMs: config.XROUTER_LEASE_MS, renewEveryMs: Math.floor(config.XROUTER_LEASE_MS / 3) });
  Object.assign(routingSettings, {
    firstByteTimeoutMs: config.XROUTER_FIRST_BYTE_TIMEOUT_MS,
    totalTimeoutMs: config.XROUTER_TOTAL_TIMEOUT_MS,
    streamIdleTimeoutMs: config.XROUTER_STREAM_IDLE_TIMEOUT_MS,
  });
  bodySettings.timeoutMs = config.XROUTER_BODY_TIMEOUT_MS;
  const { providers, demo, emulators: providerEmulators } = await getEnvironmentProviders();
  const emulators = [...providerEmulators];
  // Every provider's models are in the catalog: admins may add accounts for providers the environment lacks.
  await syncCatalog((await getDbHandle()).db, allModels());
  log.info({ providers: [...providers.keys()], demo }, "providers ready");

  let payments = paymentsSettingsFromConfig(config);
  if (!payments && demo) {
    const demoPayments = await startDemoPayments(`http://127.0.0.1:${config.PORT}`);
    emulators.push(demoPayments.emulator);
    payments = demoPayments.settings;
    log.warn("demo mode: top-ups go to the built-in YooKassa emulator");
  }
  configurePayments(payments);
  const jobs = new JobLease(getStore());
  await jobs.start();
  startBackgroundJobs(jobs);
  void startProviderHealthChecks(undefined, () => jobs.held());
  return { providers, demo, emulators, jobs };
}

const RECONCILE_MS = 5 * 60_000;
const SPEND_CHECK_MS = 60_000;
/** Invoice expiry and the monthly closing documents: hourly is soon enough for both. */
const LEGAL_JOBS_MS = 60 * 60_000;
/** Stored Responses past XROUTER_RESPONSES_RETENTION_DAYS are purged hourly (reads skip them before that). */
const RESPONSES_PURGE_MS = 60 * 60_000;
/** The status page's health history past its 24 hours of samples and 90 days of counts goes hourly. */
const HEALTH_HISTORY_SWEEP_MS = 60 * 60_000;

/**
 * The background jobs, run by the instance holding the jobs' lease (one at a time; another takes over within a
 * lease and a renewal interval when it dies, 40 s by default), each skipped while its previous run is still going:
 * reservations left by a stopped instance are booked or released once their own lease runs out, top-ups whose
 * webhook never came are re-fetched from YooKassa every five minutes, keys are checked for unusual spending every
 * minute, stored Responses past their retention and the health history past its window are purged hourly, and
 * the accounts' model lists are read into the catalog every XROUTER_CATALOG_SYNC_MINUTES (hourly by default);
 * hourly, invoices past their last day expire and the previous Moscow month's УПД are issued and mailed.
 * Each is also safe when runs overlap (a lease handed over mid-run): booking and settling act once by request id,
 * a top-up is credited once, a key's report is claimed by one conditional update, a purge deletes what is
 * expired, a sync records what the upstreams list, and a УПД is one per organization and month (its row lock).
 */
function startBackgroundJobs(lease: JobLease): void {
  const log = getLogger();
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    let running = false;
    setInterval(() => {
      if (running || !lease.held()) return;
      running = true;
      job()
        .catch((err: unknown) => log.warn({ err, job: name }, "background job failed"))
        .finally(() => (running = false));
    }, ms).unref();
  };
  every(leaseSettings.renewEveryMs, "sweep-reservations", async () => {
    const { meter, charges } = getBilling();
    return sweepReservations((await getDbHandle()).db, meter, charges);
  });
  every(RECONCILE_MS, "reconcile-topups", async () => {
    const payments = getPayments();
    if (payments) await reconcilePending({ db: (await getDbHandle()).db, payments });
  });
  every(SPEND_CHECK_MS, "spend-anomalies", async () => checkSpendAnomalies((await getDbHandle()).db));
  every(RESPONSES_PURGE_MS, "purge-responses", async () => purgeExpiredResponses((await getDbHandle()).db));
  every(HEALTH_HISTORY_SWEEP_MS, "sweep-health-history", async () => sweepHealthHistory((await getDbHandle()).db));
  // Issue 19: invoices past their last day expire; the previous month's УПД are issued and mailed (no-ops once done).
  every(LEGAL_JOBS_MS, "expire-invoices", async () => expireInvoices((await getDbHandle()).db));
  every(LEGAL_JOBS_MS, "closing-documents", async () => issueMonthClosingDocuments((await getDbHandle()).db));
  // Batches (docs/api/batches.md): submits, polls and finalizes their lines on Yandex's async mode.
  every(getConfig().XROUTER_BATCH_POLL_MS, "batches", async () => runBatchWorker((await getDbHandle()).db));
  const catalogSyncMinutes = getConfig().XROUTER_CATALOG_SYNC_MINUTES;
  if (catalogSyncMinutes > 0)
    every(catalogSyncMinutes * 60_000, "catalog-sync", async () => syncAllUpstreamModels((await getDbHandle()).db));
}

/** Migrations, catalog and providers, done once per process (both doors share it through globalThis). */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as { __xrouterRuntime?: Promise<Runtime> };
  g.__xrouterRuntime ??= boot();
  return g.__xrouterRuntime;
}
