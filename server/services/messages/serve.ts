import { countTokens } from "../../gateway/messages/count-tokens";
import { messagesEndpoint } from "../../gateway/messages/endpoint";
import { identifyAnthropicCaller } from "../../gateway/messages/identify-caller";
import { runEndpoint } from "../../gateway/pipeline/run-endpoint";
import { readJsonBody, type Route } from "../public-api/route-kit";

// Anthropic's Messages API below /api/v1, so `${ANTHROPIC_BASE_URL}/v1/messages` lands here. As on every route, the
// key is checked before the body is read; unlike the others, it may come as x-api-key.

/** POST /messages: the pipeline, as chat completions run it. */
export const serveMessages: Route = async (req, ctx, sink) => {
  const principal = await identifyAnthropicCaller(req);
  await runEndpoint(messagesEndpoint, await readJsonBody(req), principal, ctx, sink);
};

/** POST /messages/count_tokens. */
export const serveCountTokens: Route = async (req, ctx, sink) => {
  const principal = await identifyAnthropicCaller(req);
  await countTokens(await readJsonBody(req), principal, ctx, sink);
};
