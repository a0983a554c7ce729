import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { apiKeys } from "./keys";
import { users } from "./users";

export const OAUTH_CAP_PERIODS = ["day", "week", "month", "total"] as const;

/** Third-party apps registered in the portal (OAuth 2.0 clients, RFC 6749 section 2). */
export const oauthClients = pgTable(
  "oauth_clients",
  {
    /** The public `client_id`, e.g. `xrapp_…`. */
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    logoUrl: text(),
    homepageUrl: text(),
    /** Exact-match redirect URIs: https, or loopback http (127.0.0.1 / [::1], any port) per RFC 8252. */
    redirectUris: text().array().notNull(),
    type: text({ enum: ["public", "confidential"] }).notNull(),
    /** HMAC of the client secret with the server pepper (confidential clients); the secret is shown once. */
    secretHash: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Authorization codes (single use, 60 s) of both flows: `oauth` codes belong to a client, `openrouter`
 * codes (GET /auth) carry only the callback URL and become a plain API key.
 */
export const oauthCodes = pgTable(
  "oauth_codes",
  {
    /** HMAC of the code; the code itself is never stored. */
    hash: text().primaryKey(),
    kind: text({ enum: ["oauth", "openrouter"] }).notNull(),
    clientId: text().references(() => oauthClients.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    redirectUri: text().notNull(),
    /** RFC 7636 S256 challenge (plain is never accepted). */
    codeChallenge: text().notNull(),
    scopes: text().array().notNull(),
    capMicro: bigint({ mode: "number" }).notNull(),
    capPeriod: text({ enum: OAUTH_CAP_PERIODS }).notNull(),
    /** When the grant made from this code ends; null means until revoked. */
    grantExpiresAt: timestamp({ withTimezone: true, mode: "date" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** The grant the code was exchanged into (a replayed code revokes it, RFC 6749 section 4.1.2). */
    grantId: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.expiresAt)],
);

/**
 * A user's remembered consent for one app: scopes, spend cap and expiry. Each grant owns one API key
 * (limit = the cap) that access tokens carry, so spending is charged, capped and attributed like a key's.
 */
export const oauthGrants = pgTable(
  "oauth_grants",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientId: text()
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    scopes: text().array().notNull(),
    capMicro: bigint({ mode: "number" }).notNull(),
    capPeriod: text({ enum: OAUTH_CAP_PERIODS }).notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }),
    keyId: text().references(() => apiKeys.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.userId),
    index().on(t.clientId),
    // At most one live consent per user and app.
    uniqueIndex("oauth_grants_active_user_client").on(t.userId, t.clientId).where(sql`${t.revokedAt} is null`),
  ],
);

/** Refresh tokens, rotated on every use; presenting a used one revokes the whole grant. */
export const oauthRefreshTokens = pgTable(
  "oauth_refresh_tokens",
  {
    hash: text().primaryKey(),
    grantId: text()
      .notNull()
      .references(() => oauthGrants.id, { onDelete: "cascade" }),
    issuedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** Hash of the token that replaced this one. */
    replacedBy: text(),
  },
  (t) => [index().on(t.grantId)],
);

/** ES256 keys that sign access tokens; the newest signs, older ones stay in the JWKS until their tokens expire. */
export const oauthSigningKeys = pgTable("oauth_signing_keys", {
  kid: text().primaryKey(),
  publicJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  /** The private JWK, AES-256-GCM sealed with XROUTER_ENCRYPTION_KEY or a key derived from the server secret. */
  privateJwkSealed: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
