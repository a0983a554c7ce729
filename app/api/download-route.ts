import type { ZodError } from "zod";

/** A short plain-text answer (errors of download routes). */
export const plainText = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** 400 naming each invalid query parameter. */
export const invalidQuery = (error: ZodError) =>
  plainText(400, error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));

/** The query string's non-blank parameters, ready for a zod schema. */
export function queryParams(request: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) if (value.trim()) params[name] = value;
  return params;
}

/** A CSV download streamed from `chunks` as the client reads it (a year of rows never sits in memory). */
export function csvDownload(chunks: AsyncGenerator<string>, filename: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
