import { connect, createServer, type Socket } from "node:net";

export interface PgProxy {
  /** The target's URL with the proxy's host and port. */
  url: string;
  /** Closes every connection and refuses new ones (they are accepted and reset at once). */
  cut(): void;
  /** Stops forwarding bytes in both directions without closing anything; new connections hang too. */
  freeze(): void;
  /** Forwards again (what a freeze held back flows on); new connections are served. */
  restore(): void;
  close(): Promise<void>;
}

type State = "open" | "cut" | "frozen";

/**
 * An in-process TCP proxy in front of a Postgres server, so a test can take the database away from a gateway
 * without touching the shared server.
 */
export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  let state: State = "open";
  const pairs = new Set<[Socket, Socket]>();

  // Flow control by hand (not pipe) so a freeze can pause both sides and a drain cannot resume them.
  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on("drain", () => {
      if (state === "open") from.resume();
    });
  };

  const server = createServer((client) => {
    if (state === "cut") {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on("error", end);
      socket.on("close", end);
    }
    forward(client, upstream);
    forward(upstream, client);
    if (state === "frozen") pair.forEach((socket) => socket.pause());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  const destroyAll = () => {
    for (const pair of pairs) pair.forEach((socket) => socket.destroy());
    pairs.clear();
  };

  return {
    url: url.toString(),
    cut: () => {
      state = "cut";
      destroyAll();
    },
    freeze: () => {
      state = "frozen";
      for (const pair of pairs) pair.forEach((socket) => socket.pause());
    },
    restore: () => {
      state = "open";
      for (const pair of pairs) pair.forEach((socket) => socket.resume());
    },
    close: async () => {
      destroyAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
