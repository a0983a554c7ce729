import { uncorkAtTurnEnd } from "./turn-end";

/** A writable that can hold writes back: a socket or an HTTP response. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Returns a function to call before each write: the first call in a turn of the event loop corks `stream` until
 * the turn's I/O callbacks and its batches have run (see turn-end), so everything written meanwhile leaves in one syscall. On a
 * shared connection (Redis) that joins the commands of every request whose I/O completed in the same turn, not
 * only those of one callback; on loopback each write syscall also wakes the reader, and writes are the largest
 * part of the gateway's CPU time.
 */
export function corkPerTick(stream: Corkable): () => void {
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork();
  };
  return () => {
    if (corked) return;
    corked = true;
    stream.cork();
    uncorkAtTurnEnd(uncork);
  };
}
