import { z } from "zod";

/** The checks of settings an admin types, shared by the providers' `credentials.schema`. */
export const secret = z.string().trim().min(1, "required").max(4000);

export const optionalSecret = z
  .string()
  .trim()
  .max(4000)
  .optional()
  .transform((v) => (v ? v : undefined));

export const httpUrl = z
  .string()
  .trim()
  .url("must be a URL")
  .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
  // The URL is shown back to admins (publicSettings): a password in it would be too.
  .refine((v) => !/^https?:\/\/[^/]*@/.test(v), "must not carry a user name or password")
  .transform((v) => v.replace(/\/+$/, ""));

/** PEM certificates pasted as text: a file path would let an admin make the server read any file. */
export const pemBundle = z
  .string()
  .trim()
  .max(65_536, "at most 64 KiB")
  .regex(/^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/, "must be PEM certificates (-----BEGIN CERTIFICATE-----)")
  .optional();

/** Shared labels of the fields most providers have. */
export const LABELS = {
  apiKey: { ru: "API-ключ", en: "API key" },
  baseUrl: { ru: "Базовый адрес API", en: "API base URL" },
} as const;
