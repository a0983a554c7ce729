import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db";
import { vectorSupport } from "../../db/migrate";
import { semanticCacheEntries, users } from "../../db/schema";
import { databaseKinds, uniqueEmail } from "../../testing/databases";
import { chooseSemanticSearch, jsCosineSearch, SEMANTIC_CANDIDATES, sqlVectorSearch, type SemanticBucket, type SemanticMatch, type SemanticSearch } from "./semantic-search";

type Handle = Awaited<ReturnType<(typeof databaseKinds)[number][1]>>;
const handles: Record<string, Handle> = {};
beforeAll(async () => {
  for (const [kind, open] of databaseKinds) handles[kind] = await open();
});
afterAll(() => Promise.all(Object.values(handles).map((h) => h.cleanup())));

const HOUR = 3_600_000;
const query = [1, 0.2, 0, 0.1, 0, 0, 0.3, 0];

/**
 * A bucket of the query's neighbours at decreasing similarity (inserted oldest first, so the newest is not the
 * nearest), and rows each filter leaves out although they are nearer: another bucket, namespace version or model,
 * an expired row, another length.
 */
async function fixture(db: Db): Promise<SemanticBucket & { userId: string }> {
  const userId = crypto.randomUUID();
  await db.insert(users).values({ id: userId, email: uniqueEmail("semantic-search") });
  const bucket = { scope: `cache:u:${userId}:`, versions: "v1", bucket: crypto.randomUUID(), model: "emb/1" };
  const row = (answerHash: string, embedding: number[], over: Partial<typeof semanticCacheEntries.$inferInsert> = {}) => ({
    ...bucket,
    userId,
    answerHash,
    embedding,
    expiresAt: new Date(Date.now() + HOUR),
    ...over,
  });
  const neighbours = [
    row("c", [0.7, 0.5, 0.1, 0.1, 0.3, 0, 0.2, 0.1]),
    row("a", [0.9, 0.2, 0.1, 0.1, 0, 0.1, 0.3, 0]),
    row("e", [0, 1, 0, 0, 0, 0, 0, 0]),
    row("b", [1, 0.1, 0, 0.3, 0.2, 0, 0.2, 0.1]),
    row("d", [0.2, 0.3, 0.6, 0, 0.5, 0.2, 0.1, 0.4]),
    row("f", [-1, 0, 0, 0, 0, 0, 0, 0]),
  ];
  const excluded = [
    row("other-bucket", query, { bucket: "another" }),
    row("other-versions", query, { versions: "v0" }),
    row("other-model", query, { model: "emb/2" }),
    row("expired", query, { expiresAt: new Date(Date.now() - 1000) }),
    row("other-length", [...query, 0.5]),
  ];
  for (const [i, value] of [...neighbours, ...excluded].entries()) await db.insert(semanticCacheEntries).values({ ...value, createdAt: new Date(Date.now() - HOUR + i * 1000) });
  return { ...bucket, userId };
}

/** The bucket's entries from the nearest down, as a search finds them: the nearest, deleted, then the next… */
async function ranking(db: Db, search: SemanticSearch, bucket: SemanticBucket): Promise<SemanticMatch[]> {
  const found: SemanticMatch[] = [];
  for (let match = await search.nearest(db, bucket, query, -1); match; match = await search.nearest(db, bucket, query, -1)) {
    found.push(match);
    await db.delete(semanticCacheEntries).where(eq(semanticCacheEntries.answerHash, match.answerHash));
  }
  return found;
}

describe("the semantic search", () => {
  it("is pgvector on the embedded PGlite (its vector extension is loaded and created by the migrations)", async () => {
    const db = handles.pglite!.db;
    expect(await vectorSupport(db)).toBe("created");
    expect((await chooseSemanticSearch(db)).kind).toBe("pgvector");
  });

  it("is the JS search on a PostgreSQL server without pgvector (CI's)", async () => {
    const db = handles.postgres!.db;
    const support = await vectorSupport(db);
    expect((await chooseSemanticSearch(db)).kind).toBe(support === "created" ? "pgvector" : "js");
  });

  it("ranks a bucket alike with pgvector on PGlite and with the JS cosine on PGlite and PostgreSQL", async () => {
    const runs: [string, Db, SemanticSearch][] = [
      ["pgvector on pglite", handles.pglite!.db, sqlVectorSearch],
      ["js on pglite", handles.pglite!.db, jsCosineSearch],
      ["js on postgres", handles.postgres!.db, jsCosineSearch],
    ];
    const rankings = [];
    for (const [, db, search] of runs) rankings.push(await ranking(db, search, await fixture(db)));
    const [reference, ...others] = rankings;
    expect(reference!.map((m) => m.answerHash)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(reference![0]!.similarity).toBeGreaterThan(0.97);
    expect(reference!.at(-1)!.similarity).toBeCloseTo(-0.94, 2);
    for (const [i, other] of others.entries()) {
      expect(other.map((m) => m.answerHash), runs[i + 1]![0]).toEqual(reference!.map((m) => m.answerHash));
      for (const [j, match] of other.entries()) expect(match.similarity).toBeCloseTo(reference![j]!.similarity, 5);
    }
  });

  it("applies the threshold alike: nothing below it is found", async () => {
    const db = handles.pglite!.db;
    const bucket = await fixture(db);
    const best = (await sqlVectorSearch.nearest(db, bucket, query, 0.5))!;
    expect(best.answerHash).toBe("a");
    expect(await jsCosineSearch.nearest(db, bucket, query, 0.5)).toMatchObject({ answerHash: "a" });
    for (const search of [sqlVectorSearch, jsCosineSearch]) expect(await search.nearest(db, bucket, query, best.similarity + 0.001)).toBeUndefined();
  });

  it("compares the bucket's newest entries only, with either search", async () => {
    const db = handles.pglite!.db;
    const bucket = await fixture(db);
    const far = Array.from({ length: SEMANTIC_CANDIDATES }, () => ({ ...bucket, answerHash: "far", embedding: [0, 0, 0, 0, 0, 1, 0, 0], expiresAt: new Date(Date.now() + HOUR) }));
    await db.insert(semanticCacheEntries).values(far);
    for (const search of [sqlVectorSearch, jsCosineSearch]) expect((await search.nearest(db, bucket, query, -1))?.answerHash).toBe("far");
  });
});
