/** Comma-separated text → trimmed non-empty list. */
export const splitList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** "public id = upstream name" lines → mapping; undefined when a line is malformed. */
export function parseMapping(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const [from, to, ...rest] = line.split("=").map((s) => s.trim());
    if (!from || !to || rest.length) return undefined;
    out[from] = to;
  }
  return out;
}

export const formatMapping = (mapping: Record<string, string>) =>
  Object.entries(mapping)
    .map(([from, to]) => `${from} = ${to}`)
    .join("\n");

export type Notice = { tone: "success" | "error"; text: string };

export const selectClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
