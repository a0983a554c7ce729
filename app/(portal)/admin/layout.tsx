import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getSessionUser } from "@/server/auth/session";

/** The admin area does not exist for anyone but admins. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  if ((await getSessionUser())?.role !== "admin") notFound();
  return children;
}
