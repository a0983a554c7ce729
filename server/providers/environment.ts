import { getConfig, type Config } from "../config";
import { getLogger } from "../logging/logger";
import { getStore } from "../store";
import { startDemoProviders } from "./demo";
import type { RunningEmulator } from "./emulator/server";
import { createProviders, settingsFromConfig, type ProviderSettings } from "./registry";
import type { Provider } from "./types";

/** The providers this process serves from its environment (or, in demo mode, from the built-in emulators). */
export interface EnvironmentProviders {
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

async function start(): Promise<EnvironmentProviders> {
  const config = getConfig();
  const log = getLogger();
  let settings = settingsFromConfig(config);
  const demo = isDemo(config, settings);
  let emulators: RunningEmulator[] = [];
  if (demo) {
    ({ settings, emulators } = await startDemoProviders());
    log.warn("demo mode: no provider credentials are set, so every provider is served by its built-in emulator");
  }
  const providers = createProviders(settings, getStore());
  if (providers.size === 0) log.warn("no provider is configured in the environment: only admin-added provider accounts can serve");
  return { providers, demo, emulators };
}

/** Started once per process: both doors (node:http and Next) share them through globalThis. */
export function getEnvironmentProviders(): Promise<EnvironmentProviders> {
  const g = globalThis as { __xrouterProviders?: Promise<EnvironmentProviders> };
  g.__xrouterProviders ??= start();
  return g.__xrouterProviders;
}
