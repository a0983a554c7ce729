import { getStore, type Store } from "../store";
import { getBilling } from "./index";
import type { AdmitInput, AdmitResult, Meter } from "./meter";

/**
 * A request's admission: its key's rate count, then its billing hold, then its concurrency place, each asked only
 * when the step before it passed, so a rate-limited request holds no money and takes no slot, and a refused hold
 * takes no slot. A shared meter does the three in one store call; otherwise they are asked in turn.
 */
export function admitRequest(input: AdmitInput): Promise<AdmitResult> {
  return admitWith(getBilling().meter, getStore(), input);
}

/** admitRequest on a given meter and the store it shares its keys with. */
export async function admitWith(meter: Meter, store: Store, input: AdmitInput): Promise<AdmitResult> {
  if (meter.admit) return meter.admit(input);
  const { rate, place, ...reservation } = input;
  const rateCount = rate ? await store.incr(rate.key, 1, rate.windowMs) : undefined;
  const counted = rate ? { rateCount } : {};
  if (rate && rateCount! > rate.limit) return { ...counted, placeTaken: false };
  const hold = await meter.reserve(reservation);
  if (!hold.ok || !place) return { ...counted, hold, placeTaken: false };
  try {
    return { ...counted, hold, placeTaken: await store.leasePlace(place.key, place.holder, place.limit, place.leaseMs) };
  } catch (err) {
    // The command may still run once the store answers again: the release queued behind it undoes it.
    store.releasePlace(place.key, place.holder).catch(() => undefined);
    meter.release(reservation.id).catch(() => undefined);
    throw err;
  }
}
