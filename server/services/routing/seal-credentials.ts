import { ZodError } from "zod";
import { seal } from "../../routing/secret-box";
import { AccountInputError } from "./account-input";
import { checkUpstreamSettings } from "./check-upstream";
import { parseCredentials, type RoutingProvider } from "./credentials";

/** Validates a provider's settings (endpoints included) and seals them; the error names the field, never the value. */
export async function sealCredentials(provider: RoutingProvider, input: Record<string, unknown>): Promise<{ sealed: string; scope?: string }> {
  try {
    const settings = parseCredentials(provider, input);
    await checkUpstreamSettings(settings);
    return { sealed: seal(JSON.stringify(settings)), scope: "scope" in settings ? settings.scope : undefined };
  } catch (err) {
    if (err instanceof ZodError) {
      const issue = err.issues[0];
      throw new AccountInputError("invalid_credentials", `${issue?.path.join(".") || "credentials"}: ${issue?.message ?? "invalid"}`);
    }
    throw err;
  }
}
