"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useMessages } from "@/components/i18n/client";
import { defineMessages } from "@/server/core/locale";

const messages = defineMessages({
  ru: { open: "Открыть меню", close: "Закрыть меню" },
  en: { open: "Open menu", close: "Close menu" },
});

const PANEL_ID = "site-menu";

/**
 * The header's navigation and controls: inline from the `header` breakpoint (1440 px, app/globals.css; at 1280 px a Russian user's links ran under the controls);
 * below it a menu button that opens them as a panel under the header. One set of links and controls at every
 * width (at `xl` the panel is `display: contents`), so test ids and the tab order stay the same. Opening focuses
 * the first link; Escape (focus back on the button), a click outside or a navigation closes it.
 */
export function HeaderMenu({ label, children, controls }: { label: string; children: ReactNode; controls: ReactNode }) {
  const m = useMessages(messages);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const pathname = usePathname();

  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>("a, button")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={PANEL_ID}
        aria-label={open ? m.close : m.open}
        data-testid="menu-toggle"
        onClick={() => setOpen((v) => !v)}
        className="order-last rounded-md border border-slate-300 p-1.5 header:hidden dark:border-slate-700"
      >
        <svg
          viewBox="0 0 20 20"
          className="h-5 w-5"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.75}
          strokeLinecap="round"
        >
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
        </svg>
      </button>
      <div
        ref={panel}
        id={PANEL_ID}
        data-open={open}
        className={`${open ? "flex" : "hidden"} absolute inset-x-0 top-full z-40 flex-col gap-3 border-b border-slate-200 bg-white p-3 shadow-lg header:contents dark:border-slate-800 dark:bg-slate-900`}
      >
        <nav
          aria-label={label}
          data-testid="site-nav"
          className="flex flex-col gap-1 text-sm header:min-w-0 header:flex-row header:items-center header:gap-0"
        >
          {children}
        </nav>
        <div
          className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-3 header:ml-auto header:shrink-0 header:flex-nowrap header:border-0 header:pt-0 dark:border-slate-800"
          data-testid="header-controls"
        >
          {controls}
        </div>
      </div>
    </>
  );
}
