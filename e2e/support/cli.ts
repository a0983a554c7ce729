import { execFileSync } from "node:child_process";

export const dataDir = process.env.E2E_DATA_DIR ?? ".data-e2e";

/** Runs the real CLI against the running server's data folder (through its shared PGlite). */
export function xrouter(...args: string[]): string {
  return execFileSync(process.execPath, ["bin/xrouter.mjs", ...args], {
    env: { ...process.env, XROUTER_DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

export const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
