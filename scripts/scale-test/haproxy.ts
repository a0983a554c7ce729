/** HAProxy on loopback with deploy/haproxy/haproxy.cfg, and what its stats page says about each instance. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { killOnExit, waitForExit } from "../../server/testing/faults/processes";

export interface ServerStat {
  /** UP, DOWN, "UP 1/2" (going down), "DOWN 1/2" (coming up), MAINT … */
  status: string;
  /** Requests the instance is serving now. */
  current: number;
  /** Requests sent to it so far. */
  total: number;
}

export interface Haproxy {
  url: string;
  /** By server name (xr1, xr2, xr3). */
  stats(): Promise<Map<string, ServerStat>>;
  /** Until the server's status is `status` (exactly: "UP", "DOWN"). */
  waitFor(server: string, status: "UP" | "DOWN", timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Debian's package puts it in /usr/sbin, which a non-root PATH may lack. */
const binary = process.env.HAPROXY_BIN ?? (existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHaproxy(options: {
  root: string;
  port: number;
  statsPort: number;
  servers: string[];
}): Promise<Haproxy> {
  const env = {
    ...process.env,
    XROUTER_BIND: `127.0.0.1:${options.port}`,
    HAPROXY_STATS_BIND: `127.0.0.1:${options.statsPort}`,
    ...Object.fromEntries(options.servers.map((address, i) => [`XROUTER_${i + 1}`, address])),
  };
  const child = spawn(binary, ["-db", "-f", path.join(options.root, "deploy/haproxy/haproxy.cfg")], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  killOnExit(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const failed = new Promise<never>((_, reject) => child.once("error", reject));
  failed.catch(() => undefined);

  const statsUrl = `http://127.0.0.1:${options.statsPort}/stats;csv`;
  async function stats(): Promise<Map<string, ServerStat>> {
    const csv = await (await fetch(statsUrl)).text();
    const [header, ...rows] = csv.trim().split("\n");
    const columns = header!.replace(/^# /, "").split(",");
    const at = (name: string) => columns.indexOf(name);
    const result = new Map<string, ServerStat>();
    for (const row of rows.map((r) => r.split(","))) {
      if (row[at("pxname")] !== "xrouter" || /^(FRONTEND|BACKEND)$/.test(row[at("svname")]!)) continue;
      result.set(row[at("svname")]!, {
        status: row[at("status")]!,
        current: Number(row[at("scur")]),
        total: Number(row[at("stot")]),
      });
    }
    return result;
  }

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}: ${stderr}`);
    if (
      await Promise.race([
        stats().then(
          () => true,
          () => false,
        ),
        failed,
      ])
    )
      break;
    if (Date.now() > deadline) throw new Error(`haproxy did not answer on ${statsUrl}: ${stderr}`);
    await sleep(100);
  }

  return {
    url: `http://127.0.0.1:${options.port}`,
    stats,
    waitFor: async (server, status, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const stat = (await stats()).get(server);
        if (stat?.status === status) return;
        if (Date.now() > until)
          throw new Error(`${server} is ${stat?.status ?? "unknown"} to haproxy after ${timeoutMs} ms, not ${status}`);
        await sleep(100);
      }
    },
    stop: async () => {
      child.kill("SIGTERM");
      await waitForExit(child);
    },
  };
}
