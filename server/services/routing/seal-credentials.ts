import { ZodError } from "zod";
import { isProviderId } from "../../providers/lookup";
import { seal } from "../../routing/secret-box";
import { AccountInputError } from "./account-input";
import { checkUpstreamSettings } from "./check-upstream";
import { parseCredentials } from "./credentials";

/** Validates a provider's settings (endpoints included) and seals them; the error names the field, never the value. */
export async function sealCredentials(provider: string, input: Record<string, unknown>): Promise<{ sealed: string }> {
  if (!isProviderId(provider)) throw new AccountInputError("invalid_credentials", `provider: '${provider}' is not registered`);
  try {
    const settings = parseCredentials(provider, input);
    await checkUpstreamSettings(settings);
    return { sealed: seal(JSON.stringify(settings)) };
  } catch (err) {
    if (err instanceof ZodError) {
      const issue = err.issues[0];
      throw new AccountInputError("invalid_credentials", `${issue?.path.join(".") || "credentials"}: ${issue?.message ?? "invalid"}`);
    }
    throw err;
  }
}
