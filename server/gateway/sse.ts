import type { ResponseSink } from "./sink";

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

export function writeEvent(sink: ResponseSink, data: unknown): void {
  sink.write(`data: ${JSON.stringify(data)}\n\n`);
}

export function writeDone(sink: ResponseSink): void {
  sink.write("data: [DONE]\n\n");
}
