import type { Dispatcher } from "undici";
import type { Store } from "../../store/types";
import { YandexIamTokens } from "./iam";
import type { ServiceAccountKey } from "./service-account-key";
import { YANDEX_IAM_URL } from "./wire";

/** What one call authenticates with: an API key, or an IAM token (given as it is, or from a service account key). */
export interface YandexCredential {
  scheme: "api-key" | "iam";
  secret: string;
}

export interface YandexCredentials {
  current(): Promise<YandexCredential>;
  /** True for tokens of a service account key: after a 401 the token is dropped and the call retried once. */
  readonly renewable: boolean;
  invalidate(credential: YandexCredential): Promise<void>;
}

export interface YandexAuthSettings {
  apiKey?: string;
  serviceAccountKey?: ServiceAccountKey;
  iamToken?: string;
  iamUrl?: string;
}

const fixed = (credential: YandexCredential): YandexCredentials => ({
  current: async () => credential,
  renewable: false,
  invalidate: async () => undefined,
});

/**
 * The account's credential, by precedence: an API key (never expires), a service account's authorized key (IAM
 * tokens fetched and renewed here, shared through the store), an IAM token as given (it expires within 12 hours).
 */
export function yandexCredentials(
  settings: YandexAuthSettings,
  deps: { store?: Store; dispatcher?: Dispatcher },
): YandexCredentials {
  if (settings.apiKey) return fixed({ scheme: "api-key", secret: settings.apiKey });
  if (settings.serviceAccountKey) {
    if (!deps.store) throw new Error("yandex provider: a service account key needs the shared store");
    const tokens = new YandexIamTokens({
      key: settings.serviceAccountKey,
      iamUrl: settings.iamUrl ?? YANDEX_IAM_URL,
      store: deps.store,
      dispatcher: deps.dispatcher,
    });
    return {
      current: async () => ({ scheme: "iam", secret: await tokens.getToken() }),
      renewable: true,
      invalidate: (credential) => tokens.invalidate(credential.secret),
    };
  }
  if (settings.iamToken) return fixed({ scheme: "iam", secret: settings.iamToken });
  throw new Error("yandex provider: an API key, a service account key or an IAM token is required");
}

/**
 * Native API headers: with an API key the folder is the service account's own and the docs say not to send
 * x-folder-id; an IAM token needs it.
 */
export function nativeAuthHeaders(credential: YandexCredential, folderId: string): Record<string, string> {
  if (credential.scheme === "api-key") return { authorization: `Api-Key ${credential.secret}` };
  return { authorization: `Bearer ${credential.secret}`, "x-folder-id": folderId };
}
