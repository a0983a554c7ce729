// The embedded database's door: a loopback TCP listener that asks every connection for the data folder's password
// (Postgres's cleartext password exchange, which node-postgres and psql both speak) before it passes the connection
// through to PGlite's own socket server. That server has no authentication, so it listens on a Unix socket in a
// private (0700) directory instead, where no other local user can reach it. Plain JavaScript: it runs in the worker.
import { timingSafeEqual, createHash } from "node:crypto";
import { connect, createServer } from "node:net";

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Postgres's own bound on a startup packet. */
const MAX_STARTUP_BYTES = 10_000;
/** A client that has not authenticated by then is dropped: unauthenticated sockets must not pile up. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

const digest = (text) => createHash("sha256").update(text).digest();

/** An ErrorResponse message (FATAL, with an SQLSTATE). */
function fatal(code, message) {
  const fields = Buffer.concat([
    Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0`, "utf8"),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** AuthenticationCleartextPassword. */
const ASK_PASSWORD = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

/** The `user` parameter of a startup packet (NUL-separated name/value pairs after the version). */
function startupUser(packet) {
  const parts = packet.subarray(8).toString("utf8").split("\0");
  const index = parts.indexOf("user");
  return index >= 0 ? parts[index + 1] : "";
}

/**
 * Serves the password exchange on `host`:0 and pipes each authenticated connection to the Unix socket `innerPath`.
 * Resolves to the listening net.Server.
 */
export async function startPasswordFront({ host, password, innerPath }) {
  const expected = digest(password);
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let startup;
    const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
    const refuse = (code, message) => {
      clearTimeout(timer);
      socket.end(fatal(code, message));
    };
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!startup) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        if (length < 8 || length > MAX_STARTUP_BYTES) return refuse("08P01", "invalid startup packet");
        if (buffered.length < length) return;
        const packet = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) return socket.destroy();
        if (code !== PROTOCOL_3) return refuse("08P01", "unsupported protocol version");
        startup = packet;
        socket.write(ASK_PASSWORD);
      }
      // The reply: 'p', length, password, NUL.
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered[0] !== 0x70 || length < 5 || length > MAX_STARTUP_BYTES) return refuse("08P01", "expected a password message");
      if (buffered.length < length + 1) return;
      const presented = buffered.subarray(5, length).toString("utf8").replace(/\0$/, "");
      const rest = buffered.subarray(length + 1);
      if (!timingSafeEqual(digest(presented), expected))
        return refuse("28P01", `password authentication failed for user "${startupUser(startup)}"`);
      clearTimeout(timer);
      socket.off("data", onData);
      socket.pause();
      const inner = connect(innerPath, () => {
        inner.write(startup);
        if (rest.length > 0) inner.write(rest);
        socket.pipe(inner).pipe(socket);
        socket.resume();
      });
      inner.on("error", () => socket.destroy());
      socket.on("close", () => inner.destroy());
      inner.on("close", () => socket.destroy());
    };
    socket.on("data", onData);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => clearTimeout(timer));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  return server;
}
