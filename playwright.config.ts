import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);

/** Headless Debian Chromium against the production server (`npm start`) on a fresh data folder. */
export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A desktop as the portal's layout tests know it: the header's links are inline from 1280 px on.
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${port}/api/ready`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      XROUTER_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data-e2e",
      XROUTER_DEMO: "on",
      LOG_LEVEL: "warn",
      // The routing spec adds an admin account on 127.0.0.1.
      XROUTER_ALLOW_PRIVATE_UPSTREAMS: "1",
      // Every spec logs in from 127.0.0.1: more than the 30 a real address gets in 15 minutes.
      XROUTER_LOGIN_ATTEMPTS_PER_IP: "500",
    },
  },
});
