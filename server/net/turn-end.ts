/**
 * Work for the end of this turn of the event loop (its check phase, one setImmediate for every caller): batches that
 * collect a turn's calls run first, then the uncorks of the sockets they wrote to, so a batch sent at the end of
 * a turn leaves in that turn's write. (A setImmediate queued from the check phase would wait a whole turn more.)
 */
const batches: (() => void)[] = [];
const uncorks: (() => void)[] = [];

function run(list: (() => void)[]): void {
  // A callback may queue more: they run in the same pass.
  for (let i = 0; i < list.length; i++) {
    try {
      list[i]!();
    } catch (err) {
      // As from a setImmediate of its own: an uncaught error, without skipping the others.
      process.nextTick(() => {
        throw err;
      });
    }
  }
  list.length = 0;
}

function runTurnEnd(): void {
  while (batches.length > 0 || uncorks.length > 0) {
    run(batches);
    run(uncorks);
  }
}

const schedule = () => {
  if (batches.length + uncorks.length === 1) setImmediate(runTurnEnd);
};

/** Runs `fn` at the end of this turn, before the sockets corked in it are uncorked. */
export function atTurnEnd(fn: () => void): void {
  batches.push(fn);
  schedule();
}

/** Runs `fn` (an uncork) at the end of this turn, after the turn's batches. */
export function uncorkAtTurnEnd(fn: () => void): void {
  uncorks.push(fn);
  schedule();
}
