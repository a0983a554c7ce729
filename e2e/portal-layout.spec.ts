import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";
import { expectNoSidewaysScroll, expectOneRowHeader, LONG_KEY_NAME } from "./support/layout";
import { openLoaded } from "./support/loaded";
import { createUser, logIn } from "./support/session";

/**
 * The portal's layout at phone and desktop width (issue 18 §4): the phone menu opens and navigates, long names are
 * cut with a tooltip, the header stays one row, the status page has its history. That no page scrolls sideways and
 * every page's header is one row at 1440 px is checked on every page by page-screenshots.spec.ts, in the same visit.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SCREENSHOTS = "test-results/screenshots/layout";

type Who = { email: string; password: string };
let user: Who;
let admin: Who;

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
  const response = await openLoaded(page, path);
  expect(response?.status(), path).toBe(200);
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

test("below 1440 px (a 1280 px laptop) the header's links are behind the menu button, and nothing in its row overlaps", async ({
  browser,
  baseURL,
}) => {
  const page = await signedInPage(browser, baseURL!, admin, { width: 1280, height: 800 }, "ru");
  await open(page, "/activity");
  await expect(page.getByTestId("menu-toggle")).toBeVisible();
  await expect(page.getByTestId("nav-activity")).toBeHidden();
  await expectOneRowHeader(page, "admin, ru, 1280 px");
  await page.getByTestId("menu-toggle").click();
  await page.getByTestId("nav-keys").click();
  await expect(page).toHaveURL(/\/keys$/);
  await page.context().close();
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
