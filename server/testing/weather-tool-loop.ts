import { generateText, stepCountIs, tool, type LanguageModel } from "ai";
import { z } from "zod";

/**
 * The AI SDK's tool loop the gateway tests run with every client: the emulators call `weather` for the prompt
 * "Moscow", the SDK runs it, and the model's second turn quotes the result.
 */
export async function runWeatherToolLoop(model: LanguageModel, options: { maxOutputTokens?: number } = {}) {
  const calls: string[] = [];
  const result = await generateText({
    model,
    prompt: "Moscow",
    maxRetries: 0,
    stopWhen: stepCountIs(3),
    ...options,
    tools: {
      weather: tool({
        description: "Weather in a city",
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => {
          calls.push(city);
          return `sunny in ${city}`;
        },
      }),
    },
  });
  return { calls, text: result.text };
}
