import type { oauthClients } from "../../db/schema";

export type ClientRow = typeof oauthClients.$inferSelect;

/** What the portal shows of an app: never the secret hash. */
export function toClientView(row: ClientRow) {
  return {
    clientId: row.id,
    name: row.name,
    logoUrl: row.logoUrl,
    homepageUrl: row.homepageUrl,
    redirectUris: row.redirectUris,
    type: row.type,
    createdAt: row.createdAt,
  };
}

export type ClientView = ReturnType<typeof toClientView>;
