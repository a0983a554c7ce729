import type { RunningEmulator } from "./emulator/server";
import { settingsFromEnvironment, type ProviderSettings } from "./env-settings";
import { PROVIDERS } from "./registry";

/**
 * Demo mode (and `xrouter emulators`): every provider served by its built-in emulator on 127.0.0.1, in the
 * registry's order. `env` holds the variables that point XRouter at them; the settings are read from it exactly as
 * from a real environment.
 */
export async function startDemoProviders(): Promise<{ settings: ProviderSettings; emulators: RunningEmulator[]; env: Record<string, string> }> {
  const started = await Promise.all(PROVIDERS.map((p) => p.startEmulator()));
  const env = Object.assign({}, ...started.map((s) => s.env)) as Record<string, string>;
  const settings = settingsFromEnvironment(env);
  const missing = PROVIDERS.filter((p) => !settings[p.id]).map((p) => p.id);
  if (missing.length > 0) {
    await Promise.all(started.map((s) => s.emulator.close()));
    throw new Error(`the emulators' variables configure no account of: ${missing.join(", ")}`);
  }
  return { settings, emulators: started.map((s) => s.emulator), env };
}
