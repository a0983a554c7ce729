/** What the bench and the soak share around a run: the report file and the cleanups. */
import { writeFileSync } from "node:fs";
import { format, resolveConfig } from "prettier";

/** Formats a Markdown report with the project's prettier settings and writes it; returns what was written. */
export async function writeMarkdown(file: string, markdown: string): Promise<string> {
  const formatted = await format(markdown, { ...(await resolveConfig(file)), parser: "markdown" }).catch(
    () => `${markdown}\n`,
  );
  writeFileSync(file, formatted);
  return formatted;
}

/** Runs the cleanups newest-registered-last in order; one that fails is logged and the rest still run. */
export async function runCleanups(cleanups: (() => Promise<unknown>)[], log: (line: string) => void): Promise<void> {
  while (cleanups.length > 0) {
    const cleanup = cleanups.shift()!;
    try {
      await cleanup();
    } catch (err) {
      log(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
