import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { oauthClients } from "../../db/schema";
import { toClientView } from "./client-view";

/** The apps the user registered, newest first. */
export async function listClients(db: Db, userId: string) {
  const rows = await db.select().from(oauthClients).where(eq(oauthClients.userId, userId)).orderBy(desc(oauthClients.createdAt));
  return rows.map(toClientView);
}
