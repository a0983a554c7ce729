import { expect, type Page } from "@playwright/test";

/** A key name long enough to stretch any table or card that shows it (the portal must cut it, not scroll sideways). */
export const LONG_KEY_NAME = `production-backend-${"очень-длинное-имя-ключа-".repeat(3)}end`;

/** Why the page scrolls sideways (naming the outermost elements that stick out), or null when it fits the window. */
export async function sidewaysScroll(page: Page): Promise<string | null> {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll<HTMLElement>("*")].filter(
      (el) => el.getBoundingClientRect().right > width + 0.5,
    );
    // Not inside a box of its own that scrolls or clips; then the outermost ones (whose parent fits).
    // (A positioned element escapes the overflow of a box that is not positioned itself: approximated as never clipped.)
    const clipped = (el: HTMLElement) => {
      if (getComputedStyle(el).position === "absolute") return false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== "visible") return true;
      return false;
    };
    const loose = wide.filter((el) => !clipped(el));
    const outermost = loose.filter((el) => !loose.includes(el.parentElement!));
    const describe = (el: HTMLElement) =>
      `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}.${String(el.className).slice(0, 60)} (${Math.round(el.getBoundingClientRect().right)}px)`;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: width,
      culprits: outermost.slice(0, 5).map(describe),
    };
  });
  if (scrollWidth <= clientWidth) return null;
  return `the page scrolls sideways (${scrollWidth} > ${clientWidth}px); ${culprits.join("; ")}`;
}

/** What keeps the header's links and controls from sitting on its one row, side by side, none cut or overlapping. */
export async function headerRowProblems(page: Page): Promise<string[]> {
  return page.getByTestId("header-row").evaluate((row) => {
    const box = row.getBoundingClientRect();
    const items = [
      ...row.querySelectorAll<HTMLElement>(
        "[data-testid=brand], nav a, nav button, [data-testid=header-controls] > *, [data-testid=header-pinned] > *",
      ),
    ]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0)
      .sort((a, b) => a.r.left - b.r.left);
    const name = (el: HTMLElement) => el.dataset.testid ?? el.textContent?.trim() ?? el.tagName;
    const found: string[] = [];
    const firstTop = items[0]!.r.top;
    for (const [i, { el, r }] of items.entries()) {
      if (Math.abs(r.top + r.height / 2 - (firstTop + items[0]!.r.height / 2)) > 8)
        found.push(`${name(el)} is on another line`);
      if (r.right > box.right + 0.5) found.push(`${name(el)} sticks out of the header`);
      const next = items[i + 1];
      if (next && r.right > next.r.left + 0.5) found.push(`${name(el)} overlaps ${name(next.el)}`);
    }
    return found;
  });
}

/** The page is no wider than the window; when it is, the message names the outermost elements that stick out. */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  expect(await sidewaysScroll(page), what).toBeNull();
}

/** Every link and control of the header sits on its one row, side by side, none cut or overlapping another. */
export async function expectOneRowHeader(page: Page, what: string) {
  expect(await headerRowProblems(page), `${what}: the header's row`).toEqual([]);
}

/** The least room between the texts of two neighbouring column headers (a right-aligned one before a left-aligned one). */
const HEADER_GAP_PX = 8;

/**
 * Column headers whose visible texts run together: less than HEADER_GAP_PX between a header's text and the next one's.
 * Text inside a box of at most 1 px (Tailwind's `sr-only`, on the text or on a whole table for screen readers) is not
 * seen, so it is left out.
 */
export async function tableHeaderProblems(page: Page): Promise<string[]> {
  return page.evaluate((gap) => {
    const hidden = (el: Element | null) => {
      for (let up = el; up && up !== document.body; up = up.parentElement) {
        const r = up.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return true;
      }
      return false;
    };
    /** The box of a cell's visible text, or null when it shows none. */
    const textBox = (cell: Element) => {
      let box: { left: number; right: number; top: number; bottom: number } | null = null;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || hidden(node.parentElement)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        box = box
          ? {
              left: Math.min(box.left, r.left),
              right: Math.max(box.right, r.right),
              top: Math.min(box.top, r.top),
              bottom: Math.max(box.bottom, r.bottom),
            }
          : { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }
      return box;
    };
    const found: string[] = [];
    for (const row of document.querySelectorAll("thead tr")) {
      const cells = [...row.children].flatMap((el) => {
        const r = textBox(el);
        return r ? [{ el, r }] : [];
      });
      for (let i = 0; i + 1 < cells.length; i++) {
        const [a, b] = [cells[i]!, cells[i + 1]!];
        const sameLine = a.r.top < b.r.bottom && b.r.top < a.r.bottom;
        if (sameLine && b.r.left - a.r.right < gap)
          found.push(`"${a.el.textContent?.trim()}" and "${b.el.textContent?.trim()}" run together`);
      }
    }
    return found;
  }, HEADER_GAP_PX);
}
