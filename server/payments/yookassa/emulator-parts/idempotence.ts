import { ApiError, invalid } from "./api-error";

const IDEMPOTENCE_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotenceOptions {
  /** Keys per shop or global (which one YooKassa does is UNCONFIRMED). */
  scope: "shop" | "global";
  /** How "the same request" is judged: parsed JSON or identical bytes. */
  compare: "json" | "bytes";
  /** Also store 4xx answers and replay them. */
  replayErrors: boolean;
  now: () => number;
}

export interface Answer {
  status: number;
  body: unknown;
}

interface StoredAnswer extends Answer {
  fingerprint: string;
  createdAt: number;
}

export type IdempotenceStore = ReturnType<typeof createIdempotenceStore>;

/** The Idempotence-Key store for POST requests (§1.3): 24 h, per shop or global. */
export function createIdempotenceStore(options: IdempotenceOptions) {
  const answers = new Map<string, StoredAnswer>();

  return {
    /**
     * Checks the key, then replays the answer stored under it for the same request, refuses it for a different
     * request, or runs `operation` and stores its answer.
     */
    run(shopId: string, key: unknown, method: string, path: string, raw: string, operation: () => Answer): Answer {
      if (typeof key !== "string" || key === "") throw invalid("Idempotence key is empty", "Idempotence-Key");
      if (key.length > 64) throw invalid("Idempotence key is too long. Max. length is 64", "Idempotence-Key");
      // [SPEC] pattern [0-9a-zA-Z+-_.]{1,64}, read as letters, digits and + - _ . (the literal range reading is ambiguous).
      if (!/^[0-9a-zA-Z+\-_.]{1,64}$/.test(key)) throw invalid("Idempotence key is illegal", "Idempotence-Key");
      const fingerprint = `${method} ${path}\n${options.compare === "json" ? canonicalBody(raw) : raw}`;
      const storeKey = options.scope === "shop" ? `${shopId}\n${key}` : key;
      const stored = answers.get(storeKey);
      if (stored && options.now() - stored.createdAt < IDEMPOTENCE_TTL_MS) {
        // Text seen in practice; UNCONFIRMED wording.
        if (stored.fingerprint !== fingerprint) throw invalid("Idempotence key duplicated", "Idempotence-Key");
        return { status: stored.status, body: stored.body };
      }
      try {
        const answer = operation();
        answers.set(storeKey, { fingerprint, createdAt: options.now(), ...answer });
        return answer;
      } catch (err) {
        if (err instanceof ApiError && options.replayErrors && err.status < 500) {
          answers.set(storeKey, { fingerprint, createdAt: options.now(), status: err.status, body: err.toBody() });
        }
        throw err;
      }
    },
  };
}

/** The body with object keys sorted, so key order and whitespace do not make a different request; raw if not JSON. */
function canonicalBody(raw: string): string {
  try {
    return canonicalJson(JSON.parse(raw));
  } catch {
    return raw;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
