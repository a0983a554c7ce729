import type { GatewayError } from "../../core/errors";
import type { ChatCompletionChunk } from "../../providers/openai";
import {
  endStatus,
  outputItemId,
  outputText,
  type FunctionCallItem,
  type MessageItem,
  type OutputItem,
  type ReasoningItem,
  type ResponseObject,
  type ResponseUsage,
} from "./response-object";

/** One Responses streaming event: its `type`, its `sequence_number` and the event's own fields. */
export interface ResponseEvent {
  type: string;
  sequence_number: number;
  [field: string]: unknown;
}

/** Where events go: an SSE sink today, a WebSocket tomorrow. */
export type EventWriter = (event: ResponseEvent) => void;

type OpenItem = { item: MessageItem | ReasoningItem; index: number } | { item: FunctionCallItem; index: number };

/**
 * Turns a relayed chat stream into the Responses API's semantic events, in OpenAI's order: `response.created`,
 * `response.in_progress`, then per output item `output_item.added`, its parts and deltas, `output_item.done`,
 * and last `response.completed` (or `.incomplete`), or `response.failed` when the stream broke. Independent of
 * the transport: each event is handed to `write`.
 */
export class ResponseEventStream {
  private sequence = 0;
  private readonly output: OutputItem[] = [];
  /** The message or reasoning item receiving text: closed when another item starts. */
  private current: OpenItem | undefined;
  /** Function calls by the chunk's tool call index: closed at the end, as providers may interleave their deltas. */
  private readonly calls = new Map<number, { item: FunctionCallItem; index: number }>();

  constructor(
    private readonly frame: ResponseObject,
    private readonly write: EventWriter,
  ) {}

  private emit(type: string, fields: Record<string, unknown>): void {
    this.write({ type, sequence_number: this.sequence++, ...fields });
  }

  private snapshot(fields: Partial<ResponseObject> = {}): ResponseObject {
    return structuredClone({ ...this.frame, output: this.output, ...fields });
  }

  start(): void {
    this.emit("response.created", { response: this.snapshot() });
    this.emit("response.in_progress", { response: this.snapshot() });
  }

  chunk(chunk: ChatCompletionChunk): void {
    const delta = chunk.choices[0]?.delta;
    if (!delta) return;
    if (delta.reasoning_content) this.text("reasoning", delta.reasoning_content);
    if (delta.content) this.text("message", delta.content);
    for (const call of delta.tool_calls ?? []) this.callDelta(call.index, call.id, call.function.name, call.function.arguments);
  }

  private open(item: OutputItem): number {
    const index = this.output.push(item) - 1;
    this.emit("response.output_item.added", { output_index: index, item: structuredClone(item) });
    return index;
  }

  private text(kind: "message" | "reasoning", text: string): void {
    if (this.current?.item.type !== kind) {
      this.closeCurrent("completed");
      const index = this.output.length;
      const item: MessageItem | ReasoningItem =
        kind === "message"
          ? { type: "message", id: outputItemId("msg", this.frame.id, index), status: "in_progress", role: "assistant", content: [] }
          : { type: "reasoning", id: outputItemId("rs", this.frame.id, index), status: "in_progress", summary: [], content: [] };
      this.open(item);
      const part = kind === "message" ? outputText("") : { type: "reasoning_text" as const, text: "" };
      (item.content as unknown[]).push(part);
      this.emit("response.content_part.added", { item_id: item.id, output_index: index, content_index: 0, part: structuredClone(part) });
      this.current = { item, index };
    }
    const { item, index } = this.current as { item: MessageItem | ReasoningItem; index: number };
    item.content[0]!.text += text;
    const type = kind === "message" ? "response.output_text.delta" : "response.reasoning_text.delta";
    this.emit(type, { item_id: item.id, output_index: index, content_index: 0, delta: text, ...(kind === "message" ? { logprobs: [] } : {}) });
  }

  private callDelta(callIndex: number, callId: string | undefined, name: string | undefined, args: string): void {
    let open = this.calls.get(callIndex);
    if (!open) {
      this.closeCurrent("completed");
      const index = this.output.length;
      const item: FunctionCallItem = {
        type: "function_call",
        id: outputItemId("fc", this.frame.id, index),
        status: "in_progress",
        call_id: callId ?? `call_${this.frame.id.slice("resp_".length)}_${index}`,
        name: name ?? "",
        arguments: "",
      };
      this.open(item);
      open = { item, index };
      this.calls.set(callIndex, open);
    } else if (name) open.item.name += name;
    if (!args) return;
    open.item.arguments += args;
    this.emit("response.function_call_arguments.delta", { item_id: open.item.id, output_index: open.index, delta: args });
  }

  private closeCurrent(status: "completed" | "incomplete"): void {
    const open = this.current;
    if (!open || open.item.type === "function_call") return;
    this.current = undefined;
    const { item, index } = open;
    const part = item.content[0]!;
    const ids = { item_id: item.id, output_index: index, content_index: 0 };
    if (item.type === "message") this.emit("response.output_text.done", { ...ids, text: part.text, logprobs: [] });
    else this.emit("response.reasoning_text.done", { ...ids, text: part.text });
    this.emit("response.content_part.done", { ...ids, part: structuredClone(part) });
    item.status = status;
    this.emit("response.output_item.done", { output_index: index, item: structuredClone(item) });
  }

  private closeCalls(): void {
    for (const { item, index } of this.calls.values()) {
      this.emit("response.function_call_arguments.done", { item_id: item.id, output_index: index, name: item.name, arguments: item.arguments });
      item.status = "completed";
      this.emit("response.output_item.done", { output_index: index, item: structuredClone(item) });
    }
    this.calls.clear();
  }

  /** Closes the open items and returns the finished response; `end` sends it once it may go (after the charge's mark). */
  finish(usage: ResponseUsage, finishReason: string | null | undefined): ResponseObject {
    const end = endStatus(finishReason);
    this.closeCurrent(end.status === "completed" ? "completed" : "incomplete");
    this.closeCalls();
    return this.snapshot({ ...end, usage });
  }

  /** The last event of an answered stream: `response.completed`, or `response.incomplete` when it was cut short. */
  end(response: ResponseObject): void {
    this.emit(response.status === "incomplete" ? "response.incomplete" : "response.completed", { response });
  }

  /** The last event of a stream that broke after it started: never a `response.completed`. */
  fail(error: GatewayError, usage: ResponseUsage): void {
    for (const item of this.output) if (item.status === "in_progress") item.status = "incomplete";
    this.emit("response.failed", {
      response: this.snapshot({ status: "failed", error: { code: "server_error", message: error.message }, usage }),
    });
  }
}
