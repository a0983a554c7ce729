import type { ChatCompletion, ChatCompletionChunk } from "../providers/openai";

/**
 * OpenAI tool call ids start with `call_`; ids an upstream minted its own way (vLLM: `chatcmpl-tool-…`) are
 * renamed deterministically, so every chunk of a stream agrees and the id the client sends back stays stable.
 */
const openAIToolCallId = (id: string) => (id.startsWith("call_") ? id : `call_${id.replace(/^chatcmpl-tool-/, "")}`);

export function withOpenAIToolCallIds(completion: ChatCompletion): ChatCompletion {
  return {
    ...completion,
    choices: completion.choices.map((choice) =>
      choice.message.tool_calls
        ? {
            ...choice,
            message: {
              ...choice.message,
              tool_calls: choice.message.tool_calls.map((call) => ({ ...call, id: openAIToolCallId(call.id) })),
            },
          }
        : choice,
    ),
  };
}

export function withOpenAIChunkToolCallIds(chunk: ChatCompletionChunk): ChatCompletionChunk {
  if (!chunk.choices.some((choice) => choice.delta.tool_calls?.some((call) => call.id))) return chunk;
  return {
    ...chunk,
    choices: chunk.choices.map((choice) => ({
      ...choice,
      delta: {
        ...choice.delta,
        tool_calls: choice.delta.tool_calls?.map((call) => (call.id ? { ...call, id: openAIToolCallId(call.id) } : call)),
      },
    })),
  };
}

