import { z } from "zod";

/**
 * Per-provider account settings typed by an admin (credentials plus endpoint), validated before they are
 * sealed. Pure (zod only) so the portal form can share the field list and defaults. The defaults follow
 * server/config.ts.
 */
export const ROUTING_PROVIDERS = ["gigachat", "yandex", "mts", "tbank"] as const;
export type RoutingProvider = (typeof ROUTING_PROVIDERS)[number];

export const GIGACHAT_SCOPES = ["GIGACHAT_API_PERS", "GIGACHAT_API_B2B", "GIGACHAT_API_CORP"] as const;

const secret = z.string().trim().min(1, "required").max(4000);
const optionalSecret = z
  .string()
  .trim()
  .max(4000)
  .optional()
  .transform((v) => (v ? v : undefined));
const httpUrl = z
  .string()
  .trim()
  .url("must be a URL")
  .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
  // The URL is shown back to admins (publicSettings): a password in it would be too.
  .refine((v) => !/^https?:\/\/[^/]*@/.test(v), "must not carry a user name or password")
  .transform((v) => v.replace(/\/+$/, ""));
/** PEM certificates pasted as text: a file path would let an admin make the server read any file. */
const pemBundle = z
  .string()
  .trim()
  .max(65_536, "at most 64 KiB")
  .regex(/^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/, "must be PEM certificates (-----BEGIN CERTIFICATE-----)")
  .optional();

export const credentialSchemas = {
  gigachat: z.object({
    credentials: secret,
    scope: z.enum(GIGACHAT_SCOPES),
    authUrl: httpUrl.default("https://ngw.devices.sberbank.ru:9443/api/v2/oauth"),
    baseUrl: httpUrl.default("https://gigachat.devices.sberbank.ru/api/v1"),
    caBundle: pemBundle,
  }),
  yandex: z
    .object({
      apiKey: optionalSecret,
      iamToken: optionalSecret,
      folderId: z.string().trim().min(1, "required").max(200),
      baseUrl: httpUrl.default("https://llm.api.cloud.yandex.net"),
    })
    .refine((v) => v.apiKey || v.iamToken, { message: "an API key or an IAM token is required", path: ["apiKey"] }),
  mts: z.object({ apiKey: secret, baseUrl: httpUrl.default("https://api.gpt.mws.ru/v1") }),
  tbank: z.object({ apiKey: optionalSecret, baseUrl: httpUrl }),
} satisfies Record<RoutingProvider, z.ZodType>;

export type ProviderCredentials = { [K in RoutingProvider]: z.output<(typeof credentialSchemas)[K]> };

/** Every secret field name: never returned, never logged. */
export const SECRET_FIELDS = ["credentials", "apiKey", "iamToken"] as const;

/** The form's fields per provider, in order; `secret` fields are write-only, `multiline` ones take pasted text. */
export const CREDENTIAL_FIELDS: Record<RoutingProvider, { name: string; secret: boolean; required: boolean; placeholder?: string; multiline?: boolean }[]> = {
  gigachat: [
    { name: "credentials", secret: true, required: true },
    { name: "scope", secret: false, required: true },
    { name: "authUrl", secret: false, required: false, placeholder: "https://ngw.devices.sberbank.ru:9443/api/v2/oauth" },
    { name: "baseUrl", secret: false, required: false, placeholder: "https://gigachat.devices.sberbank.ru/api/v1" },
    { name: "caBundle", secret: false, required: false, multiline: true, placeholder: "-----BEGIN CERTIFICATE-----" },
  ],
  yandex: [
    { name: "apiKey", secret: true, required: false },
    { name: "iamToken", secret: true, required: false },
    { name: "folderId", secret: false, required: true },
    { name: "baseUrl", secret: false, required: false, placeholder: "https://llm.api.cloud.yandex.net" },
  ],
  mts: [
    { name: "apiKey", secret: true, required: true },
    { name: "baseUrl", secret: false, required: false, placeholder: "https://api.gpt.mws.ru/v1" },
  ],
  tbank: [
    { name: "apiKey", secret: true, required: false },
    { name: "baseUrl", secret: false, required: true, placeholder: "https://vllm.example.ru/v1" },
  ],
};

/** Default concurrency of a new account: GigaChat individuals 1, companies 10; the others 10. */
export function defaultConcurrency(provider: RoutingProvider, scope?: string): number {
  if (provider === "gigachat") return scope === "GIGACHAT_API_B2B" || scope === "GIGACHAT_API_CORP" ? 10 : 1;
  return 10;
}

/** Validates one provider's settings; blank strings count as absent. */
export function parseCredentials<K extends RoutingProvider>(provider: K, input: Record<string, unknown>): ProviderCredentials[K] {
  const cleaned = Object.fromEntries(Object.entries(input).filter(([, v]) => !(typeof v === "string" && v.trim() === "")));
  return credentialSchemas[provider].parse(cleaned) as ProviderCredentials[K];
}

/** The non-secret part of stored settings, safe to show (endpoint, scope, folder). */
export function publicSettings(settings: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["baseUrl", "authUrl", "scope", "folderId"]) {
    const value = settings[key];
    if (typeof value === "string") out[key] = value;
  }
  return out;
}
