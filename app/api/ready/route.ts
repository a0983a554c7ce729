import { readinessAnswer } from "@/server/health/readiness";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database and store answer; 503 while draining or naming the failing part. */
export async function GET() {
  const { status, body } = await readinessAnswer();
  return Response.json(body, { status });
}
