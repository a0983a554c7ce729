/**
 * The cache scenario's workload: `prompts` distinct chat requests, drawn with a Zipf distribution (the k-th most
 * popular prompt has weight 1 / k^s), the way a few questions dominate real traffic. Every body is serialized and
 * the whole draw made before the load starts, from a fixed seed: the hot loop only indexes, and every run of the
 * bench sends the same sequence.
 */
export interface CacheWorkload {
  prompts: number;
  s: number;
  /** The requests of a step: request i sends body(i). */
  body: (i: number) => string;
  /** The best hit ratio this sequence allows over `requests` requests: each prompt's first request must miss. */
  ceiling: (requests: number) => number;
}

/** mulberry32: a small seeded generator, so the draw is the same in every run and on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function zipfWorkload(options: { model: string; prompts: number; s: number; requests: number; seed?: number }) {
  const { model, prompts, s, requests } = options;
  const bodies = Array.from({ length: prompts }, (_, k) =>
    JSON.stringify({
      model,
      messages: [{ role: "user", content: `Question ${k + 1} from the XRouter benchmark, please answer briefly.` }],
    }),
  );
  const cumulative = new Float64Array(prompts);
  let total = 0;
  for (let k = 0; k < prompts; k++) cumulative[k] = total += 1 / (k + 1) ** s;
  const random = seeded(options.seed ?? 15);
  const order = new Uint16Array(requests);
  for (let i = 0; i < requests; i++) {
    // The first k whose cumulative weight reaches the draw (binary search).
    const u = random() * total;
    let lo = 0;
    let hi = prompts - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    order[i] = lo;
  }
  return {
    prompts,
    s,
    body: (i: number) => bodies[order[i % requests]!]!,
    ceiling: (n: number) => {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(order[i % requests]!);
      return 1 - seen.size / n;
    },
  } satisfies CacheWorkload;
}
