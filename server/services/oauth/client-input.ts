import { redirectUriProblem } from "../../oauth/redirect-uri";

export interface ClientInput {
  name: string;
  logoUrl?: string | null;
  homepageUrl?: string | null;
  redirectUris: string[];
  type: "public" | "confidential";
}

export class ClientInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClientInputError";
  }
}

function httpsUrl(value: string | null | undefined, what: string): string | null {
  const text = value?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ClientInputError(`${what} must be an absolute URL`);
  }
  if (url.protocol !== "https:") throw new ClientInputError(`${what} must use https`);
  return url.toString();
}

/** Normalises and checks an app registration; throws ClientInputError naming the problem. */
export function validateClientInput(input: ClientInput): ClientInput {
  const name = input.name.trim();
  if (!name) throw new ClientInputError("name is required");
  if (name.length > 100) throw new ClientInputError("name must be at most 100 characters");
  const redirectUris = [...new Set(input.redirectUris.map((uri) => uri.trim()).filter(Boolean))];
  if (redirectUris.length === 0) throw new ClientInputError("at least one redirect URI is required");
  if (redirectUris.length > 20) throw new ClientInputError("at most 20 redirect URIs");
  for (const uri of redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new ClientInputError(`${uri}: ${problem}`);
  }
  return {
    name,
    logoUrl: httpsUrl(input.logoUrl, "logo URL"),
    homepageUrl: httpsUrl(input.homepageUrl, "homepage"),
    redirectUris,
    type: input.type,
  };
}
