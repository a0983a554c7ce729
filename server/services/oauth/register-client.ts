import type { Db } from "../../db";
import { oauthClients } from "../../db/schema";
import { newId } from "../../ids";
import { hashSecret, newSecret } from "../../oauth/crypto";
import { validateClientInput, type ClientInput } from "./client-input";
import { toClientView } from "./client-view";

/** Registers an app for the user; a confidential client's secret is returned here only, never again. */
export async function registerClient(db: Db, userId: string, input: ClientInput) {
  const valid = validateClientInput(input);
  const secret = valid.type === "confidential" ? newSecret("xrsec-") : undefined;
  const [row] = await db
    .insert(oauthClients)
    .values({
      id: newId("xrapp"),
      userId,
      name: valid.name,
      logoUrl: valid.logoUrl ?? null,
      homepageUrl: valid.homepageUrl ?? null,
      redirectUris: valid.redirectUris,
      type: valid.type,
      secretHash: secret ? hashSecret(secret) : null,
    })
    .returning();
  return { client: toClientView(row!), clientSecret: secret };
}
