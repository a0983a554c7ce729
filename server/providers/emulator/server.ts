import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the emulator refused as the real API would (a 4xx other than 429): a mistake of the caller's. */
export interface Violation {
  method: string;
  path: string;
  status: number;
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /**
   * Every refused request, oldest first. The gateway's tests assert it stays empty (serveTestApi's close): an
   * adapter that sends what the provider would refuse fails them even when the gateway handles the error.
   */
  violations: Violation[];
  close(): Promise<void>;
}

/** `body` is the request's bytes as UTF-8 text; `raw` the bytes themselves (a multipart upload's files). */
export type EmulatorHandler = (req: IncomingMessage, body: string, res: ServerResponse, raw: Buffer) => void | Promise<void>;

/** Starts a provider emulator on 127.0.0.1 (port 0 picks a free one). */
export async function startEmulatorServer(handler: EmulatorHandler, port = 0): Promise<RunningEmulator> {
  const violations: Violation[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(parts);
      const body = raw.toString("utf8");
      // A test's [[status:N]] directive (replies.ts) asks for the refusal: not the caller's mistake.
      const scripted = body.includes("[[status:");
      res.once("finish", () => {
        if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429 && !scripted)
          violations.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0] ?? "", status: res.statusCode });
      });
      Promise.resolve(handler(req, body, res, raw)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: err instanceof Error ? err.message : String(err) }));
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    violations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
