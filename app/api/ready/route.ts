import { checkReadiness } from "@/server/health/readiness";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database and store answer, 503 naming the failing part otherwise. */
export async function GET() {
  const readiness = await checkReadiness();
  const failing = Object.entries(readiness.checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return Response.json(
    readiness.ready ? { status: "ready", checks: readiness.checks } : { status: "unavailable", failing, checks: readiness.checks },
    { status: readiness.ready ? 200 : 503 },
  );
}
