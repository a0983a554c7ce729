import { bigint, boolean, doublePrecision, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** The member who made an organization's key; null for a personal key. */
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    /** SHA-256 of the key with the server pepper, hex; the key itself is never stored. */
    hash: text().notNull().unique(),
    /** Visible start of the key for display, e.g. `xr-AbC1…`. */
    prefix: text().notNull(),
    limitMicro: bigint({ mode: "number" }),
    limitPeriod: text({ enum: ["day", "week", "month", "total"] }),
    rpm: integer(),
    allowedModels: text().array(),
    /** Labels that routing rules match on (e.g. `ru-only`). */
    tags: text().array(),
    /** IP addresses and CIDR ranges (IPv4, IPv6) the key may be used from; null allows any address. */
    allowedIps: text().array(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }),
    disabledAt: timestamp({ withTimezone: true, mode: "date" }),
    /**
     * Why the key was disabled when not by its owner or maker: `spend_anomaly` (paused by the spending check),
     * `manager` (an organization's owner or admin), `member_removed` (its maker left the organization). Only a
     * key with none may be re-enabled by a member who manages only their own keys.
     */
    disabledReason: text({ enum: ["spend_anomaly", "manager", "member_removed"] }),
    /** The owner's choice: pause the key (not only mail) when its spending looks unusual. */
    pauseOnAnomaly: boolean().notNull().default(false),
    /** When unusual spending was last reported, so the owner hears of it once a day at most. */
    anomalyNotifiedAt: timestamp({ withTimezone: true, mode: "date" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** The response cache (docs/api/cache.md): off, or on for chat and embeddings; a request header may still ask for it. */
    cacheMode: text({ enum: ["off", "on"] }).notNull().default("off"),
    /** How long a cached answer lives, in seconds (1 s … 7 days). */
    cacheTtlSeconds: integer().notNull().default(86_400),
    /** True: the key shares cached answers with the owner's other sharing keys; false: a namespace of its own. */
    cacheShared: boolean().notNull().default(true),
    /** The semantic cache (docs/api/cache.md): a near-duplicate last user message may get a kept chat answer. */
    cacheSemantic: boolean().notNull().default(false),
    /** The cosine similarity a near-duplicate needs (0.5 … 0.99). */
    cacheSemanticThreshold: doublePrecision().notNull().default(0.9),
    /** The catalog embedding model that compares messages; null: the deployment's default. */
    cacheSemanticModel: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
