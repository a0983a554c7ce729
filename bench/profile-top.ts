/**
 * The top costs of a V8 CPU profile (`node --cpu-prof`): self time per function and per file, as a share of the
 * busy (non-idle) samples. `node --import tsx bench/profile-top.ts <file.cpuprofile> [rows]` prints them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(["(idle)", "(program)"]);

function where(url: string): string {
  const file = url.replace(/^file:\/\//, "");
  const inModules = file.lastIndexOf("node_modules/");
  if (inModules >= 0) return file.slice(inModules + "node_modules/".length);
  return file.replace(process.cwd() + "/", "");
}

/**
 * `window`: only the samples taken between `window.fromEndMs` and `window.toEndMs` before the profile ended (the
 * load, without start-up and shutdown).
 */
export function summarizeProfile(file: string, rows = 30, window?: { fromEndMs: number; toEndMs: number }): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  const from = window ? profile.endTime - window.fromEndMs * 1000 : -Infinity;
  const to = window ? profile.endTime - window.toEndMs * 1000 : Infinity;
  let at = profile.endTime - profile.timeDeltas.reduce((a, b) => a + b, 0);
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let busy = 0;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (IDLE.has(functionName)) continue;
    busy += micros;
    const fn = `${functionName || "(anonymous)"} ${url ? `${where(url)}:${lineNumber + 1}` : "(native)"}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    const key = url
      ? where(url)
          .split("/")
          .slice(0, url.includes("node_modules/") ? 1 : 3)
          .join("/")
      : functionName;
    byFile.set(key, (byFile.get(key) ?? 0) + micros);
  }
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([name, micros]) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join("\n");
  return `busy ${(busy / 1e6).toFixed(1)} s\n\nself time by function:\n${top(byFunction)}\n\nby package / folder:\n${top(byFile)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(summarizeProfile(process.argv[2]!, Number(process.argv[3] ?? 30)));
}
