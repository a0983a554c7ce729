import { uncorkAtTurnEnd } from "./turn-end";

/** A writable that can hold writes back: a socket or an HTTP response. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export interface TurnCork {
  /** Call before each write: the first call in a turn corks the stream until the turn's end. */
  hold(): void;
  /** Lets what is held go now instead of at the turn's end (a stream's headers with its first chunk). */
  release(): void;
}

/**
 * Holds a stream's writes for the rest of this turn of the event loop: corked at the turn's first write,
 * uncorked after the turn's I/O callbacks and its batches have run (see turn-end), so everything written meanwhile
 * leaves in one syscall. On a shared connection (Redis) that joins the commands of every request whose I/O
 * completed in the same turn, not only those of one callback; on loopback each write syscall also wakes the
 * reader, and writes are the largest part of the gateway's CPU time.
 */
export function corkPerTick(stream: Corkable): TurnCork {
  let corked = false;
  const release = () => {
    if (!corked) return;
    corked = false;
    stream.uncork();
  };
  return {
    hold() {
      if (corked) return;
      corked = true;
      stream.cork();
      uncorkAtTurnEnd(release);
    },
    release,
  };
}
