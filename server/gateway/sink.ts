/** Where the gateway writes a response: implemented by the node:http door and the route-handler door. */
export interface ResponseSink {
  start(status: number, headers: Record<string, string>): void;
  write(chunk: string): void;
  /** Ends the response, with a last chunk when given (a whole JSON body goes out in one write). */
  end(last?: string): void;
}

export function sendJson(sink: ResponseSink, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  sink.start(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  sink.end(text);
}
