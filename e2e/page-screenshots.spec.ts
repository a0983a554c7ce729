import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import OpenAI from "openai";
import { dataDir, xrouter } from "./support/cli";
import { headerRowProblems, LONG_KEY_NAME, sidewaysScroll, tableHeaderProblems } from "./support/layout";
import { expectLoaded, gotoSettled } from "./support/loaded";
import { createUser, logIn } from "./support/session";
import { sitePages, type Audience, type SitePage } from "./support/site-pages";

/**
 * Every page of the site (e2e/support/site-pages.ts) in Russian and English, at desktop and phone width, each
 * visited once: a full-page screenshot in test-results/screenshots/<lang>-<width>/<audience>-<page>.png (CI keeps
 * them as an artifact), its status and language, an axe check that fails on serious or critical accessibility
 * violations, and on the portal's pages no sideways scroll, no column headers running together and a one-row
 * header at desktop width.
 * One browser context per language, width and audience; the signed-in sessions are made once and reused. The
 * twelve tests share nothing else, so they run in parallel when there are workers for them.
 */

test.describe.configure({ mode: "parallel" });

const LOCALES = ["ru", "en"] as const;
const VIEWPORTS = [
  { width: 1440, height: 900, isMobile: false },
  { width: 390, height: 844, isMobile: true },
] as const;
// The header's links are inline at this width, behind the menu button at the other.
const DESKTOP_WIDTH = 1440;
const SCREENSHOTS = "test-results/screenshots";
// The signed-in sessions live in the run's own data folder (gone after the run), not among the uploaded results.
const STATES = `${dataDir}/e2e-sessions`;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type SignedIn = { user: string; admin: string; userId: string };

/**
 * A user and an admin, signed in once for all workers: the test that takes the lock (a folder) makes them, the
 * others wait for its file. Their sessions are files too, so they survive a worker restart.
 */
async function signInOnce(browser: Browser, baseURL: string): Promise<SignedIn> {
  const file = `${STATES}/signed-in.json`;
  const lock = `${STATES}/signing-in`;
  mkdirSync(STATES, { recursive: true });
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SignedIn;
    if (takeLock(lock)) {
      try {
        const signedIn = await signIn(browser, baseURL);
        writeFileSync(`${file}.tmp`, JSON.stringify(signedIn));
        renameSync(`${file}.tmp`, file);
        return signedIn;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    // Another test signs in; should it fail, the lock is free again and the next one here tries.
    await expect.poll(() => existsSync(file) || !existsSync(lock), { timeout: 120_000 }).toBe(true);
  }
}

function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/**
 * The user has a key and a few requests, so activity, keys and the ledger have rows; the key's name is long, so every
 * page that shows it must cut it rather than scroll sideways.
 */
async function signIn(browser: Browser, baseURL: string): Promise<SignedIn> {
  const user = createUser("screens");
  const key = xrouter("key", "create", "--email", user.email, "--name", LONG_KEY_NAME);
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  for (const model of ["gigachat/GigaChat-2", "yandex/yandexgpt-lite"])
    await client.chat.completions.create({ model, messages: [{ role: "user", content: "Привет" }] });
  const admin = createUser("screens-admin", true);

  const states: Record<string, string> = {};
  for (const [role, who] of [["user", user], ["admin", admin]] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, who.email, who.password);
    states[role] = `${STATES}/${role}.json`;
    await context.storageState({ path: states[role] });
    if (role === "admin") {
      await page.goto("/admin");
      const row = page.getByTestId("admin-user-row").filter({ hasText: user.email });
      const href = await row.locator(`a[href^="/admin/users/"]`).getAttribute("href", { timeout: 15_000 });
      states.userId = href!.split("/").pop()!;
    }
    await context.close();
  }
  return { user: states.user!, admin: states.admin!, userId: states.userId! };
}

type Variant = { locale: string; width: number; axe: boolean };

/**
 * What is wrong with one page, seen once its data is shown: a wrong status or language, axe's serious and critical
 * violations and, on a portal page (signed in), a page wider than the window or a header whose links do not fit its
 * one row (at desktop width, where they are inline).
 */
async function checkPage(tab: Page, page: SitePage, file: string, variant: Variant): Promise<string[]> {
  const response = await gotoSettled(tab, page.path);
  const problems: string[] = [];
  await expectLoaded(tab).catch((err: Error) => problems.push(err.message.split("\n")[0]!));
  const status = response?.status();
  if (status !== (page.name === "not-found" ? 404 : 200)) problems.push(`status ${status}`);
  const lang = await tab.locator("html").getAttribute("lang");
  if (lang !== variant.locale) problems.push(`<html lang="${lang}">`);
  if (page.audience !== "anon") problems.push(...(await layoutProblems(tab, variant.width)));
  await tab.screenshot({ path: file, fullPage: true });
  if (!variant.axe) return problems;
  const { violations } = await new AxeBuilder({ page: tab }).withTags(WCAG).analyze();
  for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
    problems.push(`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  return problems;
}

/**
 * A portal page's layout: never wider than the window, no two column headers running together; at desktop width the
 * header's links all fit its one row.
 */
async function layoutProblems(tab: Page, width: number): Promise<string[]> {
  const problems: string[] = [];
  const sideways = await sidewaysScroll(tab);
  if (sideways) problems.push(`at ${width}px ${sideways}`);
  problems.push(...(await tableHeaderProblems(tab)).map((problem) => `at ${width}px the column headers ${problem}`));
  if (width !== DESKTOP_WIDTH) return problems;
  if ((await tab.getByTestId("header-row").count()) === 0) return [...problems, "no header row"];
  return [...problems, ...(await headerRowProblems(tab)).map((problem) => `the header's row: ${problem}`)];
}

const AUDIENCES: Audience[] = ["anon", "user", "admin"];
// axe checks every page at both widths in the portal's first language; the markup is the same in the other one, and
// axe over the whole site is most of the spec's time (the English variants are screenshots and status checks).
const AXE_LOCALE = "ru";

for (const locale of LOCALES) {
  for (const viewport of VIEWPORTS) {
    const variant = `${locale}-${viewport.width}`;
    // One test per language, width and audience, each in one context and one tab: a failing page does not restart
    // the browser, and the failure lists every page's problems at once.
    for (const audience of AUDIENCES) {
      test(`${variant} ${audience}: every page, screenshots${locale === AXE_LOCALE ? " and accessibility" : ""}`, async ({ browser, baseURL }) => {
        test.setTimeout(600_000);
        const signedIn = await signInOnce(browser, baseURL!);
        mkdirSync(`${SCREENSHOTS}/${variant}`, { recursive: true });
        const context = await browser.newContext({
          baseURL,
          viewport: { width: viewport.width, height: viewport.height },
          isMobile: viewport.isMobile,
          hasTouch: viewport.isMobile,
          storageState: audience === "anon" ? undefined : signedIn[audience],
        });
        await context.addCookies([{ name: "xr-locale", value: locale, url: baseURL! }]);
        const pages = sitePages().filter((p) => p.audience === audience);
        expect(pages.length).toBeGreaterThan(3);
        const problems: Record<string, string[]> = {};
        try {
          const tab = await context.newPage();
          for (const page of pages) {
            const found = await checkPage(
              tab,
              { ...page, path: page.path.replace("{userId}", signedIn.userId) },
              `${SCREENSHOTS}/${variant}/${audience}-${page.name}.png`,
              { locale, width: viewport.width, axe: locale === AXE_LOCALE },
            );
            if (found.length > 0) problems[page.path] = found;
          }
        } finally {
          await context.close();
        }
        expect(problems).toEqual({});
      });
    }
  }
}
