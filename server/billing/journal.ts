import { closeSync, existsSync, mkdirSync, fstatSync, openSync, readFileSync, renameSync, rmSync, write, writeFileSync } from "node:fs";
import path from "node:path";
import { getLogger } from "../logging/logger";
import type { ChargeMark, ExpiredReservation } from "./meter";
import { isProcessAlive } from "../process-alive";

/** Past this size the journal is rewritten with only the marks still open. */
const COMPACT_BYTES = 4 * 1024 * 1024;


/** Reads a journal: the last mark of every reservation that was not ended. */
function openMarks(text: string): Map<string, ExpiredReservation> {
  const open = new Map<string, ExpiredReservation>();
  for (const line of text.split("\n")) {
    const [kind, id, userId, keyId, cost, priceId, note] = line.split("\t");
    if (!id) continue;
    if (kind === "d") open.delete(id);
    else if (kind === "m" && userId && keyId !== undefined)
      open.set(id, { id, userId, keyId, mark: { costMicro: Number(cost), priceId: Number(priceId), note: note ?? "" } });
  }
  return open;
}

const markLine = (id: string, userId: string, keyId: string, m: ChargeMark) =>
  `m\t${id}\t${userId}\t${keyId}\t${m.costMicro}\t${m.priceId}\t${m.note.replace(/[\t\n]/g, " ")}\n`;

/**
 * The in-process meter's charge marks, appended to a file in the data folder, so that a single instance killed
 * with `kill -9` books on its next start what it had answered (the shared meter keeps its marks in Redis instead).
 * Writes of one tick go out together, in order, and `mark` resolves once its line is written. One process owns the
 * file at a time (a lock file with its pid); a second process on the same folder runs without one.
 */
export class ChargeJournal {
  private fd: number;
  private buffer = "";
  private batch: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Marks left open by the previous owner: to be booked by the sweeper. */
  readonly recovered: Map<string, ExpiredReservation>;

  private constructor(private readonly file: string) {
    this.recovered = existsSync(file) ? openMarks(readFileSync(file, "utf8")) : new Map();
    this.fd = openSync(file, "a");
  }

  /** Takes the data folder's journal, or returns undefined when a live process holds it. */
  static open(dataDir: string): ChargeJournal | undefined {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, "charges.journal");
    const lock = `${file}.lock`;
    if (existsSync(lock)) {
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner !== process.pid && isProcessAlive(owner)) {
        getLogger().warn("another process on this data folder keeps the charge journal; this one runs without");
        return undefined;
      }
    }
    writeFileSync(lock, String(process.pid));
    return new ChargeJournal(file);
  }

  mark(id: string, userId: string, keyId: string, mark: ChargeMark): Promise<void> {
    return this.append(markLine(id, userId, keyId, mark));
  }

  ended(id: string): void {
    this.recovered.delete(id);
    void this.append(`d\t${id}\n`);
  }

  /** Rewrites the journal with the open marks only, when it has grown large. */
  compactIfLarge(open: () => Iterable<[string, string, string, ChargeMark]>): void {
    this.chain = this.chain.then(() => {
      if (fstatSync(this.fd).size < COMPACT_BYTES) return;
      const lines = [...open()].map(([id, userId, keyId, m]) => markLine(id, userId, keyId, m));
      for (const r of this.recovered.values()) lines.push(markLine(r.id, r.userId, r.keyId, r.mark!));
      writeFileSync(`${this.file}.new`, lines.join(""));
      renameSync(`${this.file}.new`, this.file);
      closeSync(this.fd);
      this.fd = openSync(this.file, "a");
    });
  }

  /** Resolves once every line appended so far is in the file. */
  async written(): Promise<void> {
    await this.batch;
    await this.chain;
  }

  /** Writes what is pending and gives the journal up (a graceful stop). */
  async close(): Promise<void> {
    await this.written();
    closeSync(this.fd);
    rmSync(`${this.file}.lock`, { force: true });
  }

  private append(line: string): Promise<void> {
    this.buffer += line;
    this.batch ??= new Promise((resolve) =>
      setImmediate(() => {
        const data = this.buffer;
        this.buffer = "";
        this.batch = undefined;
        this.chain = this.chain.then(
          () =>
            new Promise<void>((written) =>
              write(this.fd, data, (err) => {
                if (err) getLogger().error({ err }, "could not write the charge journal");
                written();
              }),
            ),
        );
        void this.chain.then(resolve);
      }),
    );
    return this.batch;
  }
}
