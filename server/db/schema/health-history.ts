import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The provider health checks' history behind the status page (docs/observability.md, "The status page's
 * history"). Each round of checks writes one sample per provider: `ok` when at least one of its accounts passed
 * (requests can be routed to it), `latencyMs` the mean latency of the passing accounts. Kept 24 hours, for the
 * latency percentiles.
 */
export const providerHealthSamples = pgTable(
  "provider_health_samples",
  {
    provider: text().notNull(),
    at: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    ok: boolean().notNull(),
    /** Null when no account passed. */
    latencyMs: integer(),
  },
  (t) => [index().on(t.at)],
);

/** The same samples counted per provider and Moscow calendar day, kept 90 days, for the availability bars. */
export const providerHealthDays = pgTable(
  "provider_health_days",
  {
    provider: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    checks: integer().notNull(),
    ok: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.day] })],
);
