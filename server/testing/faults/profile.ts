/**
 * How hard the fault suite pushes. The short profile runs inside `npm test` on a 2-core CI machine;
 * FAULTS_PROFILE=long raises the counts and stretches the outages for a soak run.
 */
const long = process.env.FAULTS_PROFILE === "long";

export const profile = {
  name: long ? "long" : "short",
  overspendRequests: long ? 3_000 : 300,
  /** Requests in flight at once in the overspend burst (the short profile sends all at once). */
  overspendParallel: 300,
  ledgerLockMs: long ? 20_000 : 4_000,
  clientAborts: long ? 5_000 : 500,
  malformedBodies: long ? 20_000 : 2_000,
  redisDownMs: long ? 15_000 : 5_000,
  redisFreezeMs: long ? 20_000 : 8_000,
  postgresDownMs: long ? 30_000 : 10_000,
  killedStreams: long ? 16 : 10,
  testTimeoutMs: long ? 900_000 : 180_000,
};
