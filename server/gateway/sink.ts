/** Where the gateway writes a response: implemented by the node:http door and the route-handler door. */
export interface ResponseSink {
  start(status: number, headers: Record<string, string>): void;
  write(chunk: string): void;
  end(): void;
}

export function sendJson(sink: ResponseSink, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sink.start(status, { "content-type": "application/json", ...headers });
  sink.write(JSON.stringify(body));
  sink.end();
}
