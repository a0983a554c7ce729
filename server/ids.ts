import { randomBytes } from "node:crypto";
import { z } from "zod";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Random bytes are drawn from the CSPRNG a pool at a time: one call per request id is most of an id's cost.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomByte(): number {
  if (offset >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  return pool[offset++]!;
}

/** Uniform random base62 (rejection sampling, so no character is more likely than another). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out;
}

export type IdKind =
  | "usr"
  | "key"
  | "req"
  | "chatcmpl"
  | "top"
  | "acc"
  | "rule"
  | "xrapp"
  | "xrgr"
  // issue 19: organizations, invitations, offer acceptances, invoices, bank imports and payments, closing documents
  | "org"
  | "oinv"
  | "ofac"
  | "inv"
  | "bimp"
  | "bpay"
  | "cdoc";

const ID_RANDOM_LENGTH = 20;

/** Ids carry their kind so logs read themselves: `usr_…`, `key_…`, `req_…`. */
export function newId(kind: IdKind): string {
  return `${kind}_${randomBase62(ID_RANDOM_LENGTH)}`;
}

const TIME_LENGTH = 8; // 62^8 ms: beyond the year 8000

function base62Fixed(value: number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out = BASE62[value % 62]! + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/**
 * An id like newId's whose first characters are the time in milliseconds, so ids sort by creation (base62 is in
 * byte order): for rows written at the gateway's rate, each insert lands at the right edge of the primary key
 * (random keys spread writes over the whole index, twice the cost once it outgrows the cache; docs/speed.md).
 */
export function newTimeOrderedId(kind: IdKind, now = Date.now()): string {
  return `${kind}_${base62Fixed(now, TIME_LENGTH)}${randomBase62(ID_RANDOM_LENGTH - TIME_LENGTH)}`;
}

/** An id of `kind` exactly as newId makes it; anything else (NUL bytes, quotes, other kinds) never reaches SQL. */
export const idInput = (kind: IdKind) =>
  z.string().regex(new RegExp(`^${kind}_[0-9A-Za-z]{${ID_RANDOM_LENGTH}}$`), `must be a ${kind}_… id`);
