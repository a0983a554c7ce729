/**
 * Where the gateway keeps holds and slots in Redis, below a store prefix: the one place the fault suite names
 * them (server/billing/redis-meter.ts under `<prefix>meter:`, server/routing/slots.ts under `<prefix>inflight:`).
 */
export function storeKeys(prefix: string) {
  const meter = `${prefix}meter:`;
  return {
    /** One key per open reservation. */
    reservations: `${meter}rsv:*`,
    /** The sorted set of open reservations by expiry, which the sweeper reads. */
    reservationIndex: `${meter}rsvz`,
    /** Held amounts per user and per key: zero (or gone) once nothing is held. */
    heldPerUser: `${meter}res:*`,
    heldPerKey: `${meter}kres:*`,
    /** The cached balances, named by user id after the prefix. */
    cachedBalances: `${meter}bal:*`,
    cachedBalancePrefix: `${meter}bal:`,
    /**
     * Concurrency slots per account: a counter (older code) or a sorted set of holders scored by lease expiry, whose
     * members past their expiry are no longer held (they are dropped on the next acquire).
     */
    slots: `${prefix}inflight:*`,
  };
}
