import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";
import { createUser, logIn } from "./support/session";
import { sitePages } from "./support/site-pages";

/**
 * The portal's layout at phone and desktop width (issue 18 §4): no page scrolls sideways, the phone menu opens
 * and navigates, long names are cut with a tooltip, the header stays one row, the status page has its history.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SCREENSHOTS = "test-results/screenshots/layout";
const LONG_KEY_NAME = `production-backend-${"очень-длинное-имя-ключа-".repeat(3)}end`;

type Who = { email: string; password: string };
let user: Who;
let admin: Who;
let userId = "";

test.beforeAll(async ({ baseURL }) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  user = createUser("layout");
  const key = xrouter("key", "create", "--email", user.email, "--name", LONG_KEY_NAME);
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  for (const model of ["gigachat/GigaChat-2", "yandex/yandexgpt-lite"])
    await client.chat.completions.create({ model, messages: [{ role: "user", content: "Привет" }] });
  admin = createUser("layout-admin", true);
});

async function signedInPage(
  browser: Browser,
  baseURL: string,
  who: Who,
  viewport: typeof PHONE,
  locale = "ru",
): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport });
  await context.addCookies([{ name: "xr-locale", value: locale, url: baseURL }]);
  const page = await context.newPage();
  // Log in at desktop width (the form is the same), then look at the portal at the width under test.
  await page.setViewportSize(DESKTOP);
  await logIn(page, who.email, who.password);
  await page.setViewportSize(viewport);
  return page;
}

async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  // Pages that poll never go idle: a short wait for their data either way.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
}

/** The page is no wider than the window; when it is, the message names the outermost elements that stick out. */
async function expectNoSidewaysScroll(page: Page, what: string, soft = false) {
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
  (soft ? expect.soft : expect)(
    scrollWidth,
    `${what}: the page scrolls sideways; ${culprits.join("; ")}`,
  ).toBeLessThanOrEqual(clientWidth);
}

/** Every link and control of the header sits on its one row, side by side, none cut or overlapping another. */
async function expectOneRowHeader(page: Page, what: string, soft = false) {
  const problems = await page.getByTestId("header-row").evaluate((row) => {
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
  (soft ? expect.soft : expect)(problems, `${what}: the header's row`).toEqual([]);
}

for (const [size, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  for (const audience of ["user", "admin"] as const) {
    test(`every ${audience} page at ${size} width: no sideways scroll${size === "desktop" ? ", a one-row header" : ""}`, async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(300_000);
      const page = await signedInPage(browser, baseURL!, audience === "admin" ? admin : user, viewport);
      if (audience === "admin") {
        await open(page, "/admin");
        userId = (await page.locator(`a[href^="/admin/users/"]`).first().getAttribute("href"))!.split("/").pop()!;
      }
      const pages = sitePages().filter((p) => p.audience === audience && p.name !== "not-found");
      expect(pages.length).toBeGreaterThan(3);
      for (const { name, path } of pages) {
        await open(page, path.replace("{userId}", userId));
        await expectNoSidewaysScroll(page, `${path} at ${viewport.width}px`, true);
        if (size === "desktop") await expectOneRowHeader(page, path, true);
        await page.screenshot({ path: `${SCREENSHOTS}/${audience}-${name}-${viewport.width}.png`, fullPage: true });
      }
      await page.context().close();
    });
  }
}

test("the header stays one row at 1440 px in both languages, signed out and as an admin", async ({
  browser,
  baseURL,
}) => {
  for (const locale of ["ru", "en"]) {
    const page = await signedInPage(browser, baseURL!, admin, DESKTOP, locale);
    await open(page, "/keys");
    await expect(page.getByTestId("menu-toggle")).toBeHidden();
    await expect(page.getByTestId("nav-admin")).toBeVisible();
    await expectOneRowHeader(page, `admin, ${locale}`);
    await page.context().clearCookies();
    await page.context().addCookies([{ name: "xr-locale", value: locale, url: baseURL! }]);
    await open(page, "/models");
    await expectOneRowHeader(page, `signed out, ${locale}`);
    await page.context().close();
  }
});

test("at phone width the header has a menu button that opens the navigation, closes on Escape and navigates", async ({
  browser,
  baseURL,
}) => {
  const page = await signedInPage(browser, baseURL!, user, PHONE);
  await open(page, "/keys");
  await expectNoSidewaysScroll(page, "/keys");
  const toggle = page.getByTestId("menu-toggle");
  const nav = page.getByTestId("site-nav");
  await expect(toggle).toBeVisible();
  await expect(toggle).toHaveAttribute("aria-controls", "site-menu");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  // Focus moves into the menu; the panel fits the screen.
  await expect(nav.locator("a").first()).toBeFocused();
  await expectNoSidewaysScroll(page, "the open menu");
  await page.screenshot({ path: `${SCREENSHOTS}/menu-open-390.png` });
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");

  // Keyboard: Enter opens it; a link navigates and the menu closes on the new page.
  await page.keyboard.press("Enter");
  await expect(nav).toBeVisible();
  await page.getByTestId("nav-activity").click();
  await expect(page).toHaveURL(/\/activity/);
  await expect(nav).toBeHidden();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await page.context().close();
});

test("a long key name is cut with the whole name in a tooltip, and the key's buttons stay in view", async ({
  browser,
  baseURL,
}) => {
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await signedInPage(browser, baseURL!, user, viewport);
    await open(page, "/keys");
    const name = page.getByTestId("key-name").first();
    await expect(name).toHaveAttribute("title", LONG_KEY_NAME);
    await expect(name).toHaveText(LONG_KEY_NAME);
    const cut = await name.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(cut, `the key name is cut at ${viewport.width}px`).toBe(true);
    await expect(page.getByTestId("revoke-key").first()).toBeInViewport();
    await expectNoSidewaysScroll(page, `/keys at ${viewport.width}px`);

    await open(page, "/activity");
    const row = page.getByTestId("activity-row").first();
    await expect(row.locator(`[title^="${LONG_KEY_NAME}"]`)).toHaveCount(1);
    await expect(page.getByTestId("activity-model").first()).toHaveAttribute("title", /\//);
    if (viewport === DESKTOP) {
      // The last column is whole inside the table's box.
      const fits = await page.getByTestId("activity-recent").evaluate((table) => {
        const box = table.parentElement!.getBoundingClientRect();
        const last = table.querySelector("thead th:last-child")!.getBoundingClientRect();
        return last.right <= box.right + 0.5;
      });
      expect(fits, "the activity table's last column is cut").toBe(true);
    }
    await expectNoSidewaysScroll(page, `/activity at ${viewport.width}px`);
    await page.screenshot({ path: `${SCREENSHOTS}/activity-${viewport.width}.png`, fullPage: true });
    await page.context().close();
  }
});

test("the status page shows each provider's 90 daily availability bars and the checks' latency percentiles", async ({
  browser,
  baseURL,
}) => {
  for (const viewport of [PHONE, DESKTOP]) {
    const context = await browser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    await open(page, "/status");
    const providers = page.getByTestId("status-provider");
    await expect(providers).toHaveCount(4);
    for (const provider of await providers.all()) {
      await expect(provider.getByTestId("uptime-bar")).toHaveCount(90);
      // The server checked every provider at start: today's bar has a share of passed checks.
      await expect(provider.getByTestId("uptime-bar").last().locator("title")).toHaveText(/%/);
      await expect(provider.getByTestId("status-check-latency").locator("dd").first()).toHaveText(/\d\s?мс/);
    }
    await expectNoSidewaysScroll(page, `/status at ${viewport.width}px`);
    await page.screenshot({ path: `${SCREENSHOTS}/status-${viewport.width}.png`, fullPage: true });
    await context.close();
  }
});

test("the header's balance follows client-side navigation and the playground's spending without a reload", async ({
  browser,
  baseURL,
}) => {
  const who = createUser("header-balance");
  const page = await signedInPage(browser, baseURL!, who, DESKTOP);
  await open(page, "/dashboard");
  const balance = page.getByTestId("header-balance");
  await expect(balance).toHaveText("Баланс: 100,00 ₽");
  // A mark in the window: gone if any step below loaded the page anew.
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

  // Money that arrives outside this page (a top-up's webhook, an operator): the next page shows it in the header.
  xrouter("credits", "add", "--email", who.email, "--amount", "5");
  await page.getByTestId("nav-keys").click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(balance).toHaveText("Баланс: 105,00 ₽");

  // A playground answer is charged: the header follows without leaving the page.
  await page.getByTestId("nav-playground").click();
  await expect(page).toHaveURL(/\/playground$/);
  await page.getByTestId("playground-input").fill("сколько стоит ответ");
  await page.getByTestId("playground-send").click();
  await expect(page.getByTestId("assistant-text").first()).toHaveText(/\S/);
  const micro = async () => Number(await balance.locator("[data-micro]").getAttribute("data-micro"));
  await expect.poll(micro, { timeout: 10_000 }).toBeLessThan(105_000_000);
  expect(await micro()).toBeGreaterThan(100_000_000);

  expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  await page.context().close();
});
