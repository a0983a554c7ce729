import { getMetrics } from "@/server/metrics/registry";

export const dynamic = "force-dynamic";

/** Prometheus exposition (the production server also serves it at /metrics). */
export async function GET() {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
