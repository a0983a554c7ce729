import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db";
import { settings } from "../../db/schema";

/** The IP allow and deny lists set on the admin page, in the settings table. */
export const IP_LISTS_SETTING = "ip_lists";

const ipListsSchema = z.object({ allow: z.array(z.string()), deny: z.array(z.string()) });

export type IpLists = z.infer<typeof ipListsSchema>;

export async function getIpLists(db: Db): Promise<IpLists> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, IP_LISTS_SETTING));
  const parsed = ipListsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : { allow: [], deny: [] };
}
