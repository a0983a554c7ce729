import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getReaderTimeZone } from "@/components/format/reader-time-zone";
import { TimeZoneProvider } from "@/components/format/time-zone";
import { getSessionUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

/** Every portal page needs a signed-in user; the rest go to the login page and come back. Times show in their zone. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) {
    const path = (await headers()).get("x-xrouter-path") ?? "/dashboard";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  return (
    <TimeZoneProvider zone={await getReaderTimeZone(user)}>
      <main className="mx-auto w-full max-w-6xl px-4 py-8">{children}</main>
    </TimeZoneProvider>
  );
}
