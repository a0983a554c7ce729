import { and, desc, eq, gt, sql } from "drizzle-orm";
import { getDb, type Db } from "../../db";
import { vectorSupport } from "../../db/migrate";
import { semanticCacheEntries } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import { nearest } from "./cosine";
import { decodeFloat4Array } from "./float4-array";
import type { SemanticSlot } from "./semantic-store";

/** How many of a bucket's newest entries a lookup compares (bounded exact search; docs/api/cache.md). */
export const SEMANTIC_CANDIDATES = 200;

/** What a lookup searches: the namespace at its versions, the bucket, the embedding model. */
export type SemanticBucket = Pick<SemanticSlot, "scope" | "versions" | "bucket" | "model">;

export interface SemanticMatch {
  answerHash: string;
  similarity: number;
}

/** A way to find the entry most similar to an embedding among a bucket's candidates. */
export interface SemanticSearch {
  readonly kind: "pgvector" | "js";
  /** The candidate most similar to `embedding` at or above `threshold`; undefined when none is. */
  nearest(db: Db, bucket: SemanticBucket, embedding: number[], threshold: number): Promise<SemanticMatch | undefined>;
}

/**
 * The candidates, as a subquery: the bucket's newest unexpired entries of the namespace at its current versions,
 * made by the same model, of the embedding's length (pgvector refuses to compare vectors of different lengths).
 */
function candidates(db: Db, bucket: SemanticBucket, dimensions: number) {
  const t = semanticCacheEntries;
  return db
    .select({ answerHash: t.answerHash, embedding: t.embedding })
    .from(t)
    .where(
      and(
        eq(t.scope, bucket.scope),
        eq(t.bucket, bucket.bucket),
        eq(t.versions, bucket.versions),
        eq(t.model, bucket.model),
        gt(t.expiresAt, sql`now()`),
        sql`cardinality(${t.embedding}) = ${dimensions}`,
      ),
    )
    .orderBy(desc(t.createdAt))
    .limit(SEMANTIC_CANDIDATES)
    .as("candidates");
}

/** Everywhere: the candidates' vectors are read (in the binary array form: float4-array.ts) and compared here. */
export const jsCosineSearch: SemanticSearch = {
  kind: "js",
  async nearest(db, bucket, embedding, threshold) {
    const c = candidates(db, bucket, embedding.length);
    const rows = await db.select({ answerHash: c.answerHash, embedding: sql<Uint8Array>`array_send(${c.embedding})` }).from(c);
    const best = nearest(embedding, rows.map((row) => ({ answerHash: row.answerHash, embedding: decodeFloat4Array(row.embedding) })), threshold);
    return best && { answerHash: best.item.answerHash, similarity: best.similarity };
  },
};

/** With pgvector: the database compares (cosine distance, `real[]` cast to `vector`) and answers the nearest only. */
export const sqlVectorSearch: SemanticSearch = {
  kind: "pgvector",
  async nearest(db, bucket, embedding, threshold) {
    const c = candidates(db, bucket, embedding.length);
    const distance = sql<number>`${c.embedding}::vector <=> ${JSON.stringify(embedding)}::vector`.mapWith(Number).as("distance");
    const [best] = await db.select({ answerHash: c.answerHash, distance }).from(c).orderBy(sql`distance`).limit(1);
    const similarity = best ? 1 - best.distance : NaN;
    return best && similarity >= threshold ? { answerHash: best.answerHash, similarity } : undefined;
  },
};

/** pgvector when the database has the `vector` extension (the embedded PGlite always does), else the JS search. */
export async function chooseSemanticSearch(db: Db): Promise<SemanticSearch> {
  const support = await vectorSupport(db);
  const log = getLogger();
  if (support === "created") log.info("the semantic cache searches with pgvector");
  else if (support === "not-created")
    log.warn(
      "the database server offers the vector extension but this database lacks it (creating it needs a privilege the migrations lacked; a superuser can): the semantic cache compares in the gateway",
    );
  else log.info("no vector extension in the database: the semantic cache compares in the gateway");
  return support === "created" ? sqlVectorSearch : jsCosineSearch;
}

let chosen: Promise<SemanticSearch> | undefined;

/** This process's search, chosen at its first semantic lookup (a failed detection is tried again on the next). */
export function semanticSearch(): Promise<SemanticSearch> {
  chosen ??= getDb()
    .then(chooseSemanticSearch)
    .catch((err: unknown) => {
      chosen = undefined;
      throw err;
    });
  return chosen;
}
