/** Cosine similarity of two vectors of the same length (0 when either is all zeros or the lengths differ). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The candidate most similar to `query` at or above `threshold`, with its similarity; undefined when none is. */
export function nearest<T extends { embedding: ArrayLike<number> }>(query: ArrayLike<number>, candidates: readonly T[], threshold: number): { item: T; similarity: number } | undefined {
  let best: { item: T; similarity: number } | undefined;
  for (const item of candidates) {
    const similarity = cosine(query, item.embedding);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { item, similarity };
  }
  return best;
}
