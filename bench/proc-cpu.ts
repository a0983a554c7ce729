/**
 * CPU time of processes read from Linux's /proc, so every process is measured the same way from outside:
 * the server started by `npm start`, the floor proxy, the upstream, and the Postgres and Redis processes.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of one process so far, µs; undefined once it is gone. */
export function processCpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Write syscalls (write, writev, send…) of one process so far, all its threads; undefined once it is gone. */
export function processWriteSyscalls(pid: number): number | undefined {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1]);
  } catch {
    return undefined;
  }
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}

/** Pids whose command name (/proc/<pid>/comm) is `comm` and whose command line passes `keep`. */
export function findProcesses(comm: string, keep: (cmdline: string) => boolean = () => true): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (readProc(entry, "comm").trim() !== comm) continue;
    if (keep(readProc(entry, "cmdline").replaceAll("\0", " "))) pids.push(Number(entry));
  }
  return pids;
}

/** The pid and every descendant of it (a server that forks helpers is measured whole). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry, "stat");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(Number(entry));
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/**
 * A counter (CPU µs by default) summed over a changing set of processes over a window (Postgres backends come and
 * go with the pool). The set is re-listed and every member sampled every `intervalMs`; a process that exits keeps
 * its last sample, so at most one interval of its count is lost.
 */
export class ProcessGroupMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly list: () => number[],
    private readonly read: (pid: number) => number | undefined = processCpuMicros,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.first.clear();
    this.last.clear();
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.intervalMs);
  }

  /** Stops the window and returns how much the counter grew in its processes during it. */
  stop(): number {
    clearInterval(this.timer);
    this.sample(false);
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? 0);
    return total;
  }

  private sample(atStart: boolean): void {
    for (const pid of this.list()) {
      const value = this.read(pid);
      if (value === undefined) continue;
      // A process that appears mid-window started inside it: all its count counts.
      if (!this.first.has(pid)) this.first.set(pid, atStart ? value : 0);
      this.last.set(pid, value);
    }
  }
}
