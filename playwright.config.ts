import { defineConfig } from "@playwright/test";
import { Agent, setGlobalDispatcher } from "undici";

const port = Number(process.env.E2E_PORT ?? 3210);

// The specs' own HTTP calls (fetch, the openai SDK; this file runs in every worker) reuse an idle connection for
// 10 s at most, not the server's 65 s keep-alive: a synchronous CLI call (e2e/support/cli.ts) blocks the worker for
// seconds, and a connection the server closed meanwhile would otherwise be picked up once more ("other side closed").
setGlobalDispatcher(new Agent({ keepAliveMaxTimeout: 10_000 }));

/** Headless Debian Chromium against the production server (`npm start`) on a fresh data folder. */
export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  retries: 0,
  // One browser at a time: with two on this 2-core machine the run took 6-7 min instead of ~11, but two of three
  // full runs had a test time out under the load.
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
