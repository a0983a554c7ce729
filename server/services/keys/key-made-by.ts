import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";

/** Whether `keyId` is one of the account's keys that `memberUserId` made (an organization's developer manages only those). */
export async function keyMadeBy(db: Db, userId: string, keyId: string, memberUserId: string): Promise<boolean> {
  const [key] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), eq(apiKeys.createdByUserId, memberUserId)));
  return key !== undefined;
}
