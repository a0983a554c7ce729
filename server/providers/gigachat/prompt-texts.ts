import type { GigaChatRequest } from "./wire";

/**
 * The strings `POST /tokens/count` is asked about for a chat body, one per text the model is given, in body order:
 * every message's content, each function call an assistant made (`{name, arguments}` as JSON), each function
 * definition (`{name, description, parameters}` as JSON, as the body carries it) and a response_format's schema.
 * The counter tokenizes plain strings, so the chat template's role markers and GigaChat's own rendering of the
 * functions are not in the sum: it counts what the adapter sends, a little under the prompt_tokens a completion of
 * the same body reports. Empty texts are left out (they hold no tokens).
 */
export function promptTexts(body: GigaChatRequest): string[] {
  const texts = body.messages.flatMap((m) => [
    m.content,
    ...(m.function_call ? [JSON.stringify(m.function_call)] : []),
  ]);
  for (const fn of body.functions ?? []) texts.push(JSON.stringify(fn));
  if (body.response_format) texts.push(JSON.stringify(body.response_format.schema));
  return texts.filter((text) => text.length > 0);
}
