import { randomBytes } from "node:crypto";

/** Millisecond UTC timestamps, as YooKassa writes them. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** 36-char UUID-shaped payment id; the `000f` group mirrors observed payment ids (the pattern is UNCONFIRMED). */
export function paymentId(now: number): string {
  const time = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0")
    .slice(-8);
  return `${time}-000f-5000-${"89a"[randomBytes(1)[0]! % 3]}000-${randomBytes(6).toString("hex")}`;
}
