import { invalid } from "./api-error";
import type { PaymentState } from "./payment-store";

type PaymentFilter = (p: PaymentState) => boolean;

/**
 * GET /payments: filters from the query, newest first, `limit` per page (default 10) and an opaque cursor
 * (the last item's creation order). `newestFirst` is every payment of the shop, newest first.
 */
export function listPayments(
  newestFirst: PaymentState[],
  query: URLSearchParams,
  render: (p: PaymentState) => Record<string, unknown>,
): Record<string, unknown> {
  const limit = parseLimit(query);
  const filters = parseFilters(query);
  const after = parseCursor(query);
  const matching = newestFirst.filter((p) => p.seq < after && filters.every((f) => f(p)));
  const page = matching.slice(0, limit);
  const out: Record<string, unknown> = { type: "list", items: page.map(render) };
  if (matching.length > limit) out.next_cursor = Buffer.from(String(page.at(-1)!.seq)).toString("base64url");
  return out;
}

function parseLimit(query: URLSearchParams): number {
  if (!query.has("limit")) return 10;
  const raw = query.get("limit")!;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > 100) throw invalid("Limit must be between 1 and 100", "limit");
  return limit;
}

function parseFilters(query: URLSearchParams): PaymentFilter[] {
  const filters: PaymentFilter[] = [];
  for (const field of ["created_at", "captured_at"] as const) {
    for (const op of ["gte", "gt", "lte", "lt"] as const) {
      const raw = query.get(`${field}.${op}`);
      if (raw === null) continue;
      const at = Date.parse(raw);
      if (Number.isNaN(at)) throw invalid("Date is illegal", `${field}.${op}`);
      filters.push((p) => {
        const v = field === "created_at" ? p.createdAt : p.capturedAt;
        if (v === undefined) return false;
        return op === "gte" ? v >= at : op === "gt" ? v > at : op === "lte" ? v <= at : v < at;
      });
    }
  }
  const status = query.get("status");
  if (status !== null) filters.push((p) => p.status === status);
  const method = query.get("payment_method");
  if (method !== null) filters.push((p) => method === "bank_card" && p.card !== undefined);
  return filters;
}

/** Only payments created before the cursor's one; no cursor means from the newest. */
function parseCursor(query: URLSearchParams): number {
  const cursor = query.get("cursor");
  if (cursor === null) return Number.POSITIVE_INFINITY;
  const decoded = Number(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!Number.isInteger(decoded)) throw invalid("Cursor is illegal", "cursor");
  return decoded;
}
