import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniform random base62 (rejection sampling, so no character is more likely than another). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export type IdKind = "usr" | "key" | "req" | "chatcmpl" | "top";

/** Ids carry their kind so logs read themselves: `usr_…`, `key_…`, `req_…`. */
export function newId(kind: IdKind): string {
  return `${kind}_${randomBase62(20)}`;
}
