import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDb, type DbHandle } from "../db/client";
import { migrate } from "../db/migrate";

/** A migrated database of each kind: the run's fresh Postgres database and a PGlite in a temp folder. */
export const databaseKinds: [string, () => Promise<DbHandle & { cleanup: () => Promise<void> }>][] = [
  [
    "postgres",
    async () => {
      const handle = await openDb({ databaseUrl: inject("testDatabaseUrl"), dataDir: "/nonexistent" });
      await migrate(handle);
      return { ...handle, cleanup: () => handle.close() };
    },
  ],
  [
    "pglite",
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "xrouter-pglite-"));
      const handle = await openDb({ dataDir });
      await migrate(handle);
      return {
        ...handle,
        cleanup: async () => {
          await handle.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  ],
];

export const uniqueEmail = (label = "user") => `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
