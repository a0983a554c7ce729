// A second gateway instance in its own process for tests that need two: prints its base URL, then serves
// until its parent closes stdin. Run with `node --import tsx` and TEST_INSTANCE_* variables.
import { leaseSettings } from "../store/leases";
import { serveTestApi } from "./api-server";

// Fault tests shorten the leases, so a killed instance's holds run out within seconds.
if (process.env.TEST_INSTANCE_LEASE_MS) {
  leaseSettings.leaseMs = Number(process.env.TEST_INSTANCE_LEASE_MS);
  leaseSettings.renewEveryMs = Math.max(50, Math.floor(leaseSettings.leaseMs / 3));
}

const api = await serveTestApi({
  databaseUrl: process.env.TEST_INSTANCE_DATABASE_URL!,
  redisUrl: process.env.TEST_INSTANCE_REDIS_URL!,
  storePrefix: process.env.TEST_INSTANCE_STORE_PREFIX!,
});
process.stdout.write(`${api.baseURL}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void api.close().then(() => process.exit(0));
});
