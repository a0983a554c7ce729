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

export type IdKind = "usr" | "key" | "req" | "chatcmpl" | "top" | "acc" | "rule" | "xrapp" | "xrgr";

const ID_RANDOM_LENGTH = 20;

/** Ids carry their kind so logs read themselves: `usr_…`, `key_…`, `req_…`. */
export function newId(kind: IdKind): string {
  return `${kind}_${randomBase62(ID_RANDOM_LENGTH)}`;
}

/** An id of `kind` exactly as newId makes it; anything else (NUL bytes, quotes, other kinds) never reaches SQL. */
export const idInput = (kind: IdKind) =>
  z.string().regex(new RegExp(`^${kind}_[0-9A-Za-z]{${ID_RANDOM_LENGTH}}$`), `must be a ${kind}_… id`);
