import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { freePort, killOnExit, waitForExit } from "./processes";

export interface TestRedis {
  url: string;
  port: number;
  pid(): number;
  /** SIGKILL: the data goes with it (no persistence). */
  kill(): Promise<void>;
  /** A fresh, empty server on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing answers. */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  close(): Promise<void>;
}

/** True when a PING on the port gets +PONG within the timeout. */
function answersPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/**
 * A private redis-server on a free loopback port, so a test can kill, restart or freeze it without touching
 * the shared one. Killed when the test process exits.
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess;

  const spawnServer = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    killOnExit(child);
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await waitForExit(child);
  };

  await spawnServer();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child.pid!,
    kill,
    restart: async () => {
      await kill();
      await spawnServer();
    },
    freeze: () => void child.kill("SIGSTOP"),
    thaw: () => void child.kill("SIGCONT"),
    close: kill,
  };
}
