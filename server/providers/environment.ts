import { getConfig, type Config } from "../config";
import { getLogger } from "../logging/logger";
import { getStore } from "../store";
import type { Store } from "../store/types";
import { startDemoProviders } from "./demo";
import type { RunningEmulator } from "./emulator/server";
import { settingsFromEnvironment, type ProviderSettings } from "./env-settings";
import { createProvider } from "./lookup";
import { PROVIDERS } from "./registry";
import type { Provider } from "./types";

/** The providers this process serves from its environment (or, in demo mode, from the built-in emulators). */
export interface EnvironmentProviders {
  providers: Map<string, Provider>;
  /** The settings each adapter was made from, by provider id. */
  settings: ProviderSettings;
  demo: boolean;
  emulators: RunningEmulator[];
}

/** Demo mode: XROUTER_DEMO=on, or auto with no provider credentials at all. */
export function isDemo(config: Config, settings: ProviderSettings): boolean {
  if (config.XROUTER_DEMO === "on") return true;
  if (config.XROUTER_DEMO === "off") return false;
  return Object.keys(settings).length === 0;
}

/** One adapter per configured provider, in the registry's order. */
function createProviders(settings: ProviderSettings, store: Store): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const { id } of PROVIDERS) if (settings[id]) providers.set(id, createProvider(id, settings[id], store));
  return providers;
}

async function start(): Promise<EnvironmentProviders> {
  const config = getConfig();
  const log = getLogger();
  let settings = settingsFromEnvironment(process.env);
  const demo = isDemo(config, settings);
  let emulators: RunningEmulator[] = [];
  if (demo) {
    ({ settings, emulators } = await startDemoProviders());
    log.warn("demo mode: no provider credentials are set, so every provider is served by its built-in emulator");
  }
  const providers = createProviders(settings, getStore());
  if (providers.size === 0) log.warn("no provider is configured in the environment: only admin-added provider accounts can serve");
  return { providers, settings, demo, emulators };
}

/** Started once per process: both doors (node:http and Next) share them through globalThis. */
export function getEnvironmentProviders(): Promise<EnvironmentProviders> {
  const g = globalThis as { __xrouterProviders?: Promise<EnvironmentProviders> };
  g.__xrouterProviders ??= start();
  return g.__xrouterProviders;
}
