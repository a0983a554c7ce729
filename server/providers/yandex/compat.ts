import type { ChatRequest } from "../openai";
import { buildChatBody, type OpenAICompatibleQuirks } from "../openai-compatible/request";
import type { YandexCredential } from "./auth";
import { yandexUpstreamModel } from "./models";
import { modelUri } from "./transform";

/**
 * Request shaping for Yandex's OpenAI-compatible surface (providers.md §2.9, last paragraph of §5.2): the OpenAI
 * body as it is (built by the openai-compatible base), except that `model` is the full `gpt://<folder>/…` URI,
 * `stop` and `seed` are dropped ("[CURRENTLY NOT SUPPORTED]"), `stream_options` is never sent (include_usage is
 * documented as unsupported; the gateway answers the client's include_usage itself), and `tool_choice` may only
 * be `auto` or `none`.
 */
export const YANDEX_COMPAT_QUIRKS: OpenAICompatibleQuirks = { dropParams: ["stop", "seed"] };

export function toCompatRequest(
  req: ChatRequest,
  folderId: string,
  stream: boolean,
): { body: Record<string, unknown>; dropped: string[] } {
  const { tool_choice: toolChoice, ...rest } = req;
  const choiceSupported = toolChoice === undefined || toolChoice === "auto" || toolChoice === "none";
  const shaped: ChatRequest = {
    ...(choiceSupported ? req : rest),
    model: modelUri("gpt", folderId, yandexUpstreamModel(req.model)),
  };
  const { body, dropped } = buildChatBody(shaped, YANDEX_COMPAT_QUIRKS, stream);
  // buildChatBody always asks for include_usage when streaming; this surface documents it as unsupported.
  delete body.stream_options;
  if (!choiceSupported) dropped.push("tool_choice");
  return { body, dropped };
}

/**
 * `Authorization: Bearer <API key>` is what the docs and the OpenAI SDK send (CONFIRMED); `Api-Key` also works
 * (SECONDARY). The folder goes in `OpenAI-Project`. Bearer with an IAM token is UNCONFIRMED; x-folder-id is
 * added then, as the native API needs it with IAM tokens.
 */
export function compatAuthHeaders(credential: YandexCredential, folderId: string): Record<string, string> {
  const common = { "openai-project": folderId };
  if (credential.scheme === "api-key") return { ...common, authorization: `Bearer ${credential.secret}` };
  return { ...common, authorization: `Bearer ${credential.secret}`, "x-folder-id": folderId };
}
