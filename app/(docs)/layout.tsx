import type { ReactNode } from "react";
import { DocsNav } from "@/components/docs/docs-nav";

/** Public docs and catalog: a side nav (a scrollable row on phones) beside the page. */
export default function DocsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-6 lg:flex-row lg:gap-10 lg:py-10">
      <aside className="lg:w-52 lg:shrink-0">
        <DocsNav />
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}
