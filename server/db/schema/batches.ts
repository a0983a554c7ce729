import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Files of OpenAI's Files API (POST /files): batch input (purpose `batch`, uploaded by a caller) and the output and
 * error files a finished batch writes (purpose `batch_output`). Owned by one user; small JSONL kept in the row.
 */
export const apiFiles = pgTable(
  "api_files",
  {
    /** `file-…` */
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text({ enum: ["batch", "batch_output"] }).notNull(),
    filename: text().notNull(),
    bytes: integer().notNull(),
    content: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);

/** OpenAI's batch object (docs/api/batches.md): chat completions run on Yandex's completionAsync at its async price. */
export const batches = pgTable(
  "batches",
  {
    /** `batch_…` */
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The key that created it: its items are charged to it. */
    keyId: text().notNull(),
    inputFileId: text().notNull(),
    outputFileId: text(),
    errorFileId: text(),
    /** The one public model id of all its lines (OpenAI's rule too). */
    model: text().notNull(),
    status: text({
      enum: ["validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled"],
    }).notNull(),
    metadata: jsonb(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    inProgressAt: timestamp({ withTimezone: true, mode: "date" }),
    finalizingAt: timestamp({ withTimezone: true, mode: "date" }),
    completedAt: timestamp({ withTimezone: true, mode: "date" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    expiredAt: timestamp({ withTimezone: true, mode: "date" }),
    cancellingAt: timestamp({ withTimezone: true, mode: "date" }),
    cancelledAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [index().on(t.userId, t.createdAt), index().on(t.status)],
);

/**
 * One line of a batch. Its id is a request id (`req_…`): the ledger charge's reference and the requests log row,
 * so an item is charged once whatever retries.
 */
export const batchItems = pgTable(
  "batch_items",
  {
    id: text().primaryKey(),
    batchId: text()
      .notNull()
      .references(() => batches.id, { onDelete: "cascade" }),
    /** 1-based line of the input file. */
    line: integer().notNull(),
    customId: text().notNull(),
    /** The line's chat completions body. */
    body: jsonb().notNull(),
    status: text({ enum: ["pending", "running", "succeeded", "failed", "cancelled"] })
      .notNull()
      .default("pending"),
    accountId: text(),
    operationId: text(),
    /** The chat.completion answered (succeeded) or `{status_code, message, code}` (failed). */
    response: jsonb(),
    costMicro: bigint({ mode: "number" }).notNull().default(0),
    submittedAt: timestamp({ withTimezone: true, mode: "date" }),
    finishedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [index().on(t.batchId, t.line), index().on(t.status)],
);
