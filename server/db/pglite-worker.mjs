// The embedded database (no DATABASE_URL): PGlite in a worker thread, served on a loopback socket with the
// Postgres wire protocol. PGlite executes queries synchronously on the thread that owns it; here that thread is
// not the server's, so a batch of metering writes never stalls requests. The server, the CLI and psql all
// connect through the socket, with the data folder's password (pglite-password-front.mjs): any local user can
// reach a loopback port. Plain JavaScript: workers start without the TypeScript loader. pgvector is loaded with
// it: the migrations create the `vector` extension and the semantic cache searches with it (docs/api/cache.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { startPasswordFront } from "./pglite-password-front.mjs";

const { dataDir, announceFile, password } = workerData;
mkdirSync(dataDir, { recursive: true });
const extensions = { vector };
const pglite = await PGlite.create(path.join(dataDir, "pglite"), { extensions });
// mkdtemp makes the directory 0700: only this user reaches the unauthenticated socket inside. (Windows has named
// pipes instead, which other users may read but not write by default.)
const privateDir = mkdtempSync(path.join(tmpdir(), "xrouter-pglite-"));
const innerPath =
  process.platform === "win32" ? `\\\\.\\pipe\\${path.basename(privateDir)}` : path.join(privateDir, "socket");
const server = new PGLiteSocketServer({ db: pglite, path: innerPath, maxConnections: 4 });
await server.start();
const front = await startPasswordFront({ host: "127.0.0.1", password, innerPath });
const { port } = front.address();
// Only the server announces itself. The pid is the server process's own (a worker shares it): the CLI checks
// that it is alive.
if (announceFile) writeFileSync(announceFile, JSON.stringify({ pid: process.pid, port }));
parentPort.postMessage({ port, extensions: Object.keys(extensions) });

parentPort.on("message", async (message) => {
  if (message !== "close") return;
  if (announceFile) rmSync(announceFile, { force: true });
  // Stopping the inner server closes its connections, and with them the ones piped to them.
  const frontClosed = new Promise((resolve) => front.close(resolve));
  await server.stop();
  await frontClosed;
  rmSync(privateDir, { recursive: true, force: true });
  await pglite.close();
  parentPort.close(); // nothing left to do: the thread ends
});
