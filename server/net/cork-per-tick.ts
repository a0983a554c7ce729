/** A writable that can hold writes back: a socket or an HTTP response. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Returns a function to call before each write: the first call in a tick corks `stream` until the tick ends,
 * so everything written in that tick leaves in one syscall. On loopback each write syscall also wakes the
 * reader, and writes are the largest part of the gateway's CPU time.
 */
export function corkPerTick(stream: Corkable): () => void {
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    stream.cork();
    process.nextTick(() => {
      corked = false;
      stream.uncork();
    });
  };
}
