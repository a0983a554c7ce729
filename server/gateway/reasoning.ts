import { z } from "zod";
import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from "../providers/openai";

/** OpenAI's effort levels, as chat's `reasoning_effort`, Responses' and OpenRouter's `reasoning.effort` take them. */
export const effortSchema = z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]);

/** OpenRouter's unified reasoning switch (`reasoning: {effort | max_tokens, exclude, enabled}`). */
export const reasoningSchema = z.object({
  effort: effortSchema.optional(),
  max_tokens: z.number().int().positive().optional(),
  exclude: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type Reasoning = z.infer<typeof reasoningSchema>;

type Effort = NonNullable<ChatRequest["reasoning_effort"]>;

/** An OpenAI effort as the levels the adapters map (minimal … high): none → minimal, the least each provider offers; xhigh → high. */
export const providerEffort = (effort: z.infer<typeof effortSchema>): Effort =>
  effort === "none" ? "minimal" : effort === "xhigh" ? "high" : effort;

/**
 * A reasoning budget as the effort level our providers take (none of them takes a token budget): OpenRouter's own
 * effort ratios put a 2K budget at "low" and 8K+ at "high" for a typical completion length.
 */
const effortOfBudget = (maxTokens: number): Effort => (maxTokens < 2048 ? "low" : maxTokens < 8192 ? "medium" : "high");

/**
 * `reasoning` as the OpenAI `reasoning_effort` every adapter maps onto its provider's switch (GigaChat
 * `reasoning_effort`, Yandex `reasoningOptions.mode`, T-Bank `enable_thinking`, MTS passes it on). "none" and
 * `enabled: false` become "minimal", the least each provider offers (off on Yandex and T-Bank; GigaChat's least
 * is "low"). Undefined when `reasoning` says nothing about the amount (only `exclude`): `reasoning_effort` stands.
 */
export function reasoningEffort(reasoning: Reasoning | null | undefined): Effort | undefined {
  if (!reasoning) return undefined;
  if (reasoning.enabled === false) return "minimal";
  if (reasoning.effort) return providerEffort(reasoning.effort);
  if (reasoning.max_tokens !== undefined) return effortOfBudget(reasoning.max_tokens);
  return reasoning.enabled ? "medium" : undefined;
}

/** The completion without its reasoning text (`reasoning.exclude`); the reasoning tokens stay in usage, billed. */
export function completionWithoutReasoning(completion: ChatCompletion): ChatCompletion {
  return {
    ...completion,
    choices: completion.choices.map((choice) => {
      const { reasoning_content: _hidden, ...message } = choice.message;
      return { ...choice, message };
    }),
  };
}

/** The chunk without its reasoning text, or undefined when nothing else was in it. */
export function chunkWithoutReasoning(chunk: ChatCompletionChunk): ChatCompletionChunk | undefined {
  const choices = chunk.choices.map((choice) => {
    const { reasoning_content: _hidden, ...delta } = choice.delta;
    return { ...choice, delta };
  });
  const empty = choices.every((c) => c.finish_reason === null && Object.values(c.delta).every((v) => v === undefined || v === null));
  return empty ? undefined : { ...chunk, choices };
}
