import type { ChatCompletion, ChatCompletionChunk, FinishReason, ToolCall, Usage } from "../../providers/openai";

/** A streamed answer as the one completion its chunks make: text, reasoning and tool calls joined, the last finish reason. */
export function assembleCompletion(chunks: ChatCompletionChunk[], usage: Usage): ChatCompletion {
  let content = "";
  let reasoning = "";
  let finish: FinishReason = "stop";
  const calls: ToolCall[] = [];
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? "";
      reasoning += choice.delta.reasoning_content ?? "";
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } });
        if (delta.id) call.id = delta.id;
        call.function.name += delta.function.name ?? "";
        call.function.arguments += delta.function.arguments ?? "";
      }
      finish = choice.finish_reason ?? finish;
    }
  }
  const first = chunks[0];
  const toolCalls = calls.filter(Boolean);
  return {
    id: first?.id ?? "",
    object: "chat.completion",
    created: first?.created ?? Math.floor(Date.now() / 1000),
    model: first?.model ?? "",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: content === "" && toolCalls.length > 0 ? null : content,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning ? { reasoning_content: reasoning } : {}),
        },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage,
  };
}

/** A completion as the chunks of a stream (text, then each tool call whole, then the finish), for a replayed hit. */
export function completionChunks(completion: ChatCompletion, id: string, model: string): ChatCompletionChunk[] {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], finish: FinishReason | null): ChatCompletionChunk => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const choice = completion.choices[0];
  if (!choice) return [];
  const { message } = choice;
  const chunks = [
    chunk({ role: "assistant", content: message.content ?? "", ...(message.reasoning_content ? { reasoning_content: message.reasoning_content } : {}) }, null),
  ];
  (message.tool_calls ?? []).forEach((call, index) =>
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: call.function.arguments } }] }, null)),
  );
  chunks.push(chunk({}, choice.finish_reason));
  return chunks;
}
