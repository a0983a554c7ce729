import { getBilling } from "../billing";
import { sweepReservations } from "../billing/sweeper";
import { getConfig, type Config } from "../config";
import { getDbHandle } from "../db";
import { migrate } from "../db/migrate";
import { getLogger } from "../logging/logger";
import { startDemoProviders } from "../providers/demo";
import type { RunningEmulator } from "../providers/emulator/server";
import { createProviders, settingsFromConfig, type ProviderSettings } from "../providers/registry";
import type { Provider } from "../providers/types";
import { syncCatalog } from "../services/catalog/sync-catalog";
import { getStore } from "../store";

export interface Runtime {
  providers: Map<string, Provider>;
  demo: boolean;
  emulators: RunningEmulator[];
}

/** Demo mode: XROUTER_DEMO=on, or auto with no provider credentials at all. */
export function isDemo(config: Config, settings: ProviderSettings): boolean {
  if (config.XROUTER_DEMO === "on") return true;
  if (config.XROUTER_DEMO === "off") return false;
  return Object.keys(settings).length === 0;
}

async function boot(): Promise<Runtime> {
  const config = getConfig();
  const log = getLogger();
  await migrate(await getDbHandle());
  let settings = settingsFromConfig(config);
  const demo = isDemo(config, settings);
  let emulators: RunningEmulator[] = [];
  if (demo) {
    ({ settings, emulators } = await startDemoProviders());
    log.warn("demo mode: no provider credentials are set, so every provider is served by its built-in emulator");
  }
  const providers = createProviders(settings, getStore());
  if (providers.size === 0) log.warn("no provider is configured: the API will answer 503 for every model");
  await syncCatalog((await getDbHandle()).db, [...providers.values()].flatMap((p) => p.models()));
  log.info({ providers: [...providers.keys()], demo }, "providers ready");
  startSweeper();
  return { providers, demo, emulators };
}

const SWEEP_MS = 30_000;

/** Every instance sweeps: reservations left by a stopped instance are released (or settled) within a minute. */
function startSweeper(): void {
  setInterval(() => {
    const { meter, charges } = getBilling();
    void getDbHandle()
      .then(({ db }) => sweepReservations(db, meter, charges))
      .catch((err: unknown) => getLogger().warn({ err }, "reservation sweep failed"));
  }, SWEEP_MS).unref();
}

/** Migrations, catalog and providers, done once per process (both doors share it through globalThis). */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as { __xrouterRuntime?: Promise<Runtime> };
  g.__xrouterRuntime ??= boot();
  return g.__xrouterRuntime;
}
