import { rmSync, writeFileSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { sharedPgliteFile } from "../db/client";

/**
 * PGlite allows one process per data folder, so the running server shares its instance on a
 * loopback socket and announces the port in the data folder: the CLI (and psql) connect there.
 */
export async function sharePglite(pglite: PGlite, dataDir: string): Promise<() => Promise<void>> {
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  const file = sharedPgliteFile(dataDir);
  writeFileSync(file, JSON.stringify({ pid: process.pid, port }));
  return async () => {
    rmSync(file, { force: true });
    await server.stop();
  };
}
