import { exitOnConfigError, getConfig, type Config } from "../config";
import { settingsFromEnvironment } from "../providers/env-settings";
import { serverProcessCount } from "./workers";

/**
 * The whole environment, checked before anything starts: the process's own settings (config.ts), then every
 * provider's variables (each descriptor's). One line naming the first bad variable and exit 1 otherwise.
 */
export const loadEnvironmentOrExit = (): Config =>
  exitOnConfigError(() => {
    const config = getConfig();
    settingsFromEnvironment(process.env);
    serverProcessCount(config);
    return config;
  });
