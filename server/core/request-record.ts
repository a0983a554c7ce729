import type { requests } from "../db/schema";

/** One row of the requests log: what a finished API request did, what it cost and where it ran. */
export type RequestRecord = typeof requests.$inferInsert;
