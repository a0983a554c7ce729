import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import OpenAI from "openai";
import { dataDir, xrouter } from "./support/cli";
import { createUser, logIn } from "./support/session";
import { sitePages, type Audience, type SitePage } from "./support/site-pages";

/**
 * Every page of the site (e2e/support/site-pages.ts) in Russian and English, at desktop and phone width:
 * a full-page screenshot of each in test-results/screenshots/<lang>-<width>/<audience>-<page>.png (CI keeps
 * them as an artifact), and an axe check that fails on serious or critical accessibility violations.
 * One browser context per language, width and audience; the signed-in sessions are made once and reused.
 */

const LOCALES = ["ru", "en"] as const;
const VIEWPORTS = [
  { width: 1440, height: 900, isMobile: false },
  { width: 390, height: 844, isMobile: true },
] as const;
const SCREENSHOTS = "test-results/screenshots";
// The signed-in sessions live in the run's own data folder (gone after the run), not among the uploaded results.
const STATES = `${dataDir}/e2e-sessions`;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type SignedIn = { user: string; admin: string; userId: string };

/** A user with a key and a few requests (so activity, keys and the ledger have rows) and an admin; their sessions are saved as files, which survive a worker restart. */
async function signInOnce(browser: Browser, baseURL: string): Promise<SignedIn> {
  const file = `${STATES}/signed-in.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SignedIn;
  mkdirSync(STATES, { recursive: true });
  const user = createUser("screens");
  const key = xrouter("key", "create", "--email", user.email, "--name", "Screenshots");
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
  const signedIn: SignedIn = { user: states.user!, admin: states.admin!, userId: states.userId! };
  writeFileSync(file, JSON.stringify(signedIn));
  return signedIn;
}

/** What is wrong with one page: a wrong status or language, or axe's serious and critical violations. */
async function checkPage(context: BrowserContext, page: SitePage, file: string, locale: string, axe: boolean): Promise<string[]> {
  const tab = await context.newPage();
  try {
    const response = await tab.goto(page.path);
    const problems: string[] = [];
    const status = response?.status();
    if (status !== (page.name === "not-found" ? 404 : 200)) problems.push(`status ${status}`);
    // Pages that poll never go idle: a short wait for data, then the picture either way.
    await tab.waitForLoadState("networkidle", { timeout: 3_000 }).catch(() => undefined);
    const lang = await tab.locator("html").getAttribute("lang");
    if (lang !== locale) problems.push(`<html lang="${lang}">`);
    await tab.screenshot({ path: file, fullPage: true });
    if (!axe) return problems;
    const { violations } = await new AxeBuilder({ page: tab }).withTags(WCAG).analyze();
    for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
      problems.push(`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
    return problems;
  } finally {
    await tab.close();
  }
}

const AUDIENCES: Audience[] = ["anon", "user", "admin"];
// axe checks every page at both widths in the portal's first language; the markup is the same in the other one, and
// axe over the whole site is most of the spec's time (the English variants are screenshots and status checks).
const AXE_LOCALE = "ru";

for (const locale of LOCALES) {
  for (const viewport of VIEWPORTS) {
    const variant = `${locale}-${viewport.width}`;
    // One test per language, width and audience, each in one context: a failing page does not restart the
    // browser, and the failure lists every page's problems at once.
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
        const problems: Record<string, string[]> = {};
        try {
          for (const page of sitePages().filter((p) => p.audience === audience)) {
            const found = await checkPage(
              context,
              { ...page, path: page.path.replace("{userId}", signedIn.userId) },
              `${SCREENSHOTS}/${variant}/${audience}-${page.name}.png`,
              locale,
              locale === AXE_LOCALE,
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
