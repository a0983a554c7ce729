import { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { identifyCaller, type Caller } from "../pipeline/identify";

/**
 * Stage 1 for Anthropic's clients: the key comes as `x-api-key` (the Anthropic SDK, Claude Code's
 * ANTHROPIC_API_KEY) or as `Authorization: Bearer` (ANTHROPIC_AUTH_TOKEN); Authorization wins when both are sent.
 */
export async function identifyAnthropicCaller(req: Caller & { header(name: string): string | undefined }): Promise<Principal> {
  const apiKey = req.header("x-api-key");
  const authorization = req.authorization ?? (apiKey ? `Bearer ${apiKey}` : undefined);
  try {
    return await identifyCaller({ authorization, clientIp: req.clientIp, principal: req.principal });
  } catch (err) {
    if (err instanceof GatewayError && err.code === "missing_api_key")
      throw new GatewayError(401, "missing API key: send x-api-key: <key> or Authorization: Bearer <key>", err.type, err.code);
    throw err;
  }
}
