import { atTurnEnd } from "../net/turn-end";

/**
 * Calls of one store script made in the same turn of the event loop, sent as one call at its end (atTurnEnd, in
 * the same write as the turn's other commands): requests whose answers arrive together share one round trip, at
 * no more than a turn's delay.
 * Every caller of a turn gets the same promise: the batch's answer, or its error.
 */
export class TickBatch<R> {
  private keys: string[] = [];
  private args: (string | number)[] = [];
  private answer: Promise<R> | undefined;
  private handed: Promise<void> | undefined;

  constructor(private readonly send: (keys: string[], args: (string | number)[]) => Promise<R>) {}

  /** How many calls wait in this turn's batch: the index the next call's answer will have in a per-call reply. */
  get size(): number {
    return this.keys.length;
  }

  /** This turn's answer while calls wait for it, else undefined. */
  get pending(): Promise<R> | undefined {
    return this.answer;
  }

  /**
   * While calls wait: resolves once this turn's batch was handed to `send` (written to the connection before
   * anything the continuations write: they run after the turn's end, its uncorks included).
   */
  get handedOver(): Promise<void> | undefined {
    return this.handed;
  }

  /** Adds one call (its key and its arguments) to this turn's batch. */
  add(key: string, ...args: (string | number)[]): Promise<R> {
    this.keys.push(key);
    for (const arg of args) this.args.push(arg);
    if (!this.answer) {
      let handed!: () => void;
      this.handed = new Promise<void>((resolve) => (handed = resolve));
      this.answer = new Promise<R>((resolve, reject) =>
        atTurnEnd(() => {
          void this.flush().then(resolve, reject);
          handed();
        }),
      );
    }
    return this.answer;
  }

  private flush(): Promise<R> {
    const { keys, args } = this;
    this.keys = [];
    this.args = [];
    this.answer = undefined;
    this.handed = undefined;
    return this.send(keys, args);
  }
}
