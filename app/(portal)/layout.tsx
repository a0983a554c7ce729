import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/trpc/client";
import { getSessionUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

/** Every portal page needs a signed-in user; the rest go to the login page and come back. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  if (!(await getSessionUser())) {
    const path = (await headers()).get("x-xrouter-path") ?? "/dashboard";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  return (
    <TRPCReactProvider>
      <main className="mx-auto w-full max-w-6xl px-4 py-8">{children}</main>
    </TRPCReactProvider>
  );
}
