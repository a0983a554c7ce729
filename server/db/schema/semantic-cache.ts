import { bigserial, index, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The semantic response cache's index (docs/api/cache.md): the embedding of a kept chat answer's last user message,
 * pointing at the answer in the exact cache (no answer bytes here). Searched per bucket: in SQL with pgvector where
 * the database has the extension (the embedded PGlite always does), else in the gateway; `real[]` works everywhere.
 */
export const semanticCacheEntries = pgTable(
  "semantic_cache_entries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The exact cache's namespace (`cache:u:<user>:` or `cache:k:<key>:`): whose answer it is. */
    scope: text().notNull(),
    /** The namespace's versions when the answer was kept: a purge changes them, hiding the row at once. */
    versions: text().notNull(),
    /** SHA-256 of the request without its last user message: only requests equal in everything else compare. */
    bucket: text().notNull(),
    /** The catalog embedding model that made `embedding`. */
    model: text().notNull(),
    embedding: real().array().notNull(),
    /** The exact cache key hash of the kept answer. */
    answerHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index().on(t.scope, t.bucket, t.createdAt.desc()), index().on(t.expiresAt), index().on(t.userId)],
);
