import { getServerSession } from "next-auth";
import { authOptions } from "./next-auth";

export interface SessionUser {
  id: string;
  email: string;
  role: "user" | "admin";
}

/** The signed-in user of this request (server components, route handlers, tRPC), or undefined. */
export async function getSessionUser(): Promise<SessionUser | undefined> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; email?: string | null; role?: string } | undefined;
  if (!user?.id || !user.email) return undefined;
  return { id: user.id, email: user.email, role: user.role === "admin" ? "admin" : "user" };
}
