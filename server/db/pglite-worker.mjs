// The embedded database (no DATABASE_URL): PGlite in a worker thread, served on a loopback socket with the
// Postgres wire protocol. PGlite executes queries synchronously on the thread that owns it; here that thread is
// not the server's, so a batch of metering writes never stalls requests. The server, the CLI and psql all
// connect through the socket. Plain JavaScript: workers start without the TypeScript loader.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const { dataDir, announceFile } = workerData;
mkdirSync(dataDir, { recursive: true });
const pglite = await PGlite.create(path.join(dataDir, "pglite"));
const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 4 });
await server.start();
const port = Number(server.getServerConn().split(":").pop());
// Only the server announces itself. The pid is the server process's own (a worker shares it): the CLI checks
// that it is alive.
if (announceFile) writeFileSync(announceFile, JSON.stringify({ pid: process.pid, port }));
parentPort.postMessage({ port });

parentPort.on("message", async (message) => {
  if (message !== "close") return;
  if (announceFile) rmSync(announceFile, { force: true });
  await server.stop();
  await pglite.close();
  parentPort.close(); // nothing left to do: the thread ends
});
