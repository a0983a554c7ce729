import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { dataDir, uniqueEmail, xrouter } from "./support/cli";
import { createUser, logIn, PASSWORD } from "./support/session";

/**
 * Issue 18's points in English at phone width (the point specs run them in Russian at 1440 px): sign-in and the
 * dashboard, the phone menu, money and plurals in the key form, times with their zone, the playground's 402, the
 * 404 page and sign-up's password rules. One user signs in once; every page visited must not scroll sideways and
 * leaves a full-page screenshot in test-results/screenshots/phone-en/.
 */

const PHONE = { width: 390, height: 844 };
const SCREENSHOTS = "test-results/screenshots/phone-en";
// The signed-in session lives in the run's own data folder (gone after the run).
const SESSION = `${dataDir}/phone-en-session.json`;
const GIGA = "gigachat/GigaChat-2";

test.describe.configure({ mode: "serial" });
test.use({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "en-GB" });

let user: { email: string; password: string };
/** The first key made in the form; its request fills Activity. */
let laptopKey = "";

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "xr-locale", value: "en", url: baseURL! }]);
});

/** No sideways scroll at 390 px, then the full page as test-results/screenshots/phone-en/<name>.png. */
async function checkPage(page: Page, name: string) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `${name} scrolls sideways` })
    .toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

test.describe("signed in once", () => {
  test("sign-in lands on the English dashboard: balance, checklist, first-request snippet; the menu holds the links", async ({ page, context }) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    user = createUser("phone-en");
    await logIn(page, user.email);
    await context.storageState({ path: SESSION });

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page).toHaveTitle("Home — XRouter");
    await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    // Demo mode's welcome credit, written the English way: a dot for kopecks.
    await expect(page.getByTestId("dashboard-balance")).toHaveText("100.00 ₽");
    const header = page.getByTestId("header-balance");
    await expect(header).toBeVisible();
    await expect(header).toHaveText("Balance: 100.00 ₽");
    await expect(page.getByTestId("dashboard-topup")).toHaveText("Top up");

    const checklist = page.getByTestId("dashboard-checklist");
    await expect(checklist.getByRole("heading", { name: "Getting started" })).toBeVisible();
    await expect(checklist.getByTestId("checklist-key")).toContainText("Create an API key");
    await expect(checklist.getByTestId("checklist-key")).toHaveAttribute("data-done", "false");
    await expect(checklist.getByTestId("checklist-credit")).toContainText("Balance: 100.00 ₽");
    await expect(checklist.getByTestId("checklist-credit")).toHaveAttribute("data-done", "true");
    await expect(checklist.getByTestId("checklist-request")).toContainText("Send your first request");
    await expect(page.getByTestId("dashboard-recent-empty")).toHaveText("No requests in the last 30 days.");

    const baseURL = `${new URL(page.url()).origin}/api/v1`;
    await expect(page.getByText(`Any OpenAI SDK with the base URL ${baseURL};`)).toBeVisible();
    await expect(page.getByTestId("code-curl")).toContainText(`${baseURL}/chat/completions`);
    await page.getByTestId("code-tab-python").click();
    await expect(page.getByTestId("code-python")).toContainText(`base_url="${baseURL}"`);
    await checkPage(page, "dashboard");

    // The header's links are behind the menu button on a phone.
    const toggle = page.getByTestId("menu-toggle");
    const nav = page.getByTestId("site-nav");
    await expect(nav).toHaveAttribute("aria-label", "Main navigation");
    await expect(nav).toBeHidden();
    await expect(toggle).toHaveAccessibleName("Open menu");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(toggle).toHaveAccessibleName("Close menu");
    await expect(nav).toBeVisible();
    for (const name of ["Home", "Keys", "Playground", "Activity", "Billing", "Account"])
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    await checkPage(page, "menu-open");
    await nav.getByRole("link", { name: "Keys", exact: true }).click();
    await expect(page).toHaveURL(/\/keys$/);
    await expect(page).toHaveTitle("Keys — XRouter");
    await expect(nav).toBeHidden();
  });

  test.describe("with the session", () => {
    test.use({ storageState: SESSION });

    test("the key form: 250,50 and 250.50 alike, the amount's bounds in English, 1 request/min and 5 requests/min", async ({ page }) => {
      await page.goto("/keys");
      await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
      await expect(page.getByTestId("keys-empty")).toHaveText("No keys yet. Create one to call the API.");
      await page.getByTestId("create-key-open").click();
      const limit = page.getByLabel("Spend limit, ₽");
      await expect(page.getByText("Kopecks after a comma or a dot: 250.50 or 250,50.")).toBeVisible();
      await page.getByLabel("Name", { exact: true }).fill("laptop");
      const error = page.getByTestId("create-key-error");
      await limit.fill("0,00");
      await page.getByTestId("create-key-submit").click();
      await expect(error).toHaveText("The amount must be at least 0.01 ₽.");
      await limit.fill("2000000");
      await page.getByTestId("create-key-submit").click();
      await expect(error).toHaveText("The amount may not exceed 1,000,000.00 ₽.");
      await checkPage(page, "keys-form-error");

      // Kopecks after a comma, then after a dot: both 250.50 ₽.
      for (const [name, typed, rpm, rpmLine] of [
        ["laptop", "250,50", "1", "1 request/min"],
        ["server", "250.50", "5", "5 requests/min"],
      ] as const) {
        if (name !== "laptop") {
          await page.getByTestId("create-key-open").click();
          await page.getByLabel("Name", { exact: true }).fill(name);
        }
        await limit.fill(typed);
        await page.getByLabel("Requests per minute").fill(rpm);
        await page.getByTestId("create-key-submit").click();
        await expect(page.getByText(`Key “${name}” created`)).toBeVisible();
        const value = page.getByTestId("new-key-value");
        await expect(value).toHaveText(/^xr-/);
        if (name === "laptop") laptopKey = (await value.textContent())!.trim();
        await page.getByTestId("new-key-done").click();
        const limits = page.locator(`[data-testid=key-row][data-key-name="${name}"]`).getByTestId("key-limits");
        await expect(limits).toContainText("0.00 of 250.50 ₽ per month");
        await expect(limits).toContainText(rpmLine);
      }
      await expect(page.getByTestId("key-row")).toHaveCount(2);
      await checkPage(page, "keys");
    });

    test("times carry the zone's English label: Activity's column and the ledger", async ({ page, baseURL }) => {
      const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: laptopKey, maxRetries: 0 });
      await client.chat.completions.create({ model: GIGA, messages: [{ role: "user", content: "hello from a phone" }] });
      const row = page.getByTestId("activity-row").first();
      // Request rows are written in batches: reload until it shows.
      await expect(async () => {
        await page.goto("/activity");
        await expect(row).toBeVisible({ timeout: 500 });
      }).toPass({ timeout: 10_000 });
      await expect(page).toHaveTitle(/^Activity — XRouter$/);
      await expect(page.getByTestId("activity-recent").locator("thead")).toContainText("Time (MSK)");
      const time = row.locator("time");
      const at = new Date((await time.getAttribute("datetime"))!);
      // British order, on the Moscow clock (UTC+3): 07/12/2026, 18:05:09.
      const moscow = new Date(at.getTime() + 3 * 3_600_000).toISOString();
      const [date, clock] = [moscow.slice(0, 10).split("-").reverse().join("/"), moscow.slice(11, 19)];
      await expect(time).toHaveText(`${date}, ${clock}`);
      await checkPage(page, "activity");

      await page.goto("/billing");
      await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
      await expect(page.getByTestId("billing-balance")).toHaveText(/^\d+\.\d{2}\s₽$/);
      const welcome = page.locator("[data-testid=ledger-item][data-kind=promo]").first();
      await expect(welcome).toContainText("promo code");
      await expect(welcome).toContainText("+100.00 ₽");
      await expect(welcome).toContainText(/\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} MSK/);
      await checkPage(page, "billing");
    });

    test("the playground on a key whose limit is spent: Insufficient funds with Top up, no empty answer", async ({ page }) => {
      // The playground charges its requests to the user's key named "Playground": here one with a 0.01 ₽ limit,
      // so the gateway's worst-case hold is refused with a real 402.
      xrouter("key", "create", "--email", user.email, "--name", "Playground", "--limit-rub", "0.01");
      await page.goto("/playground");
      await expect(page.getByRole("heading", { level: 1, name: "Playground" })).toBeVisible();
      await page.getByTestId("playground-model").selectOption(GIGA);
      await page.getByLabel("Max output tokens").fill("4000");
      await page.getByTestId("playground-input").fill("hello");
      const answered = page.waitForResponse((r) => r.url().endsWith("/api/playground/chat") && r.request().method() === "POST");
      await page.getByTestId("playground-send").click();
      await answered;
      const error = page.getByTestId("playground-error");
      await expect(error).toContainText("Insufficient funds");
      await expect(error).toContainText("Top up your balance or lower “Max output tokens”: the worst case is reserved up front.");
      // The gateway's own sentence stays out of the page.
      await expect(error).not.toContainText(/spend limit|RUB|insufficient_quota/);
      await expect(page.getByTestId("assistant-message")).toHaveCount(0);
      await expect(page.getByTestId("user-message")).toHaveCount(1);
      const topUp = page.getByTestId("playground-topup");
      await expect(topUp).toHaveText("Top up");
      await checkPage(page, "playground-402");
      await topUp.click();
      await expect(page).toHaveURL(/\/billing$/);
    });

    test("an unknown address: 404, styled, in English, inside the site's header", async ({ page }) => {
      const response = await page.goto("/no-such-page");
      expect(response?.status()).toBe(404);
      const heading = page.getByRole("heading", { level: 1, name: "Page not found" });
      await expect(heading).toBeVisible();
      await expect(page).toHaveTitle("Page not found — XRouter");
      await expect(page.getByTestId("error-page")).toContainText("404");
      await expect(page.getByTestId("error-page")).toContainText("There is no such page: the link may be out of date or the address mistyped.");
      await expect(page.getByText("This page could not be found")).toHaveCount(0);
      await expect(page.getByTestId("brand")).toBeVisible();
      await expect(page.getByTestId("header-balance")).toBeVisible();
      // The site's styles apply: Tailwind's text-3xl heading and the indigo call to action.
      await expect(heading).toHaveCSS("font-size", "30px");
      const keys = page.getByRole("link", { name: "Go to keys" });
      await expect(keys).toHaveAttribute("href", "/keys");
      await expect(keys).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
      await expect(page.getByTestId("error-page").getByRole("link", { name: "Home" })).toHaveAttribute("href", "/");
      await checkPage(page, "not-found");
    });
  });
});

test("sign-up's password rules in English: too short and common refused, the strength hint follows the typing", async ({ page }) => {
  await page.goto("/signup", { waitUntil: "networkidle" });
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await expect(page.getByText("At least 10 characters, not a common password.")).toBeVisible();
  const email = uniqueEmail("phone-en-signup");
  await page.getByLabel("Email").fill(email);
  const password = page.getByLabel("Password", { exact: true });
  const strength = page.getByTestId("password-strength");
  const create = page.getByRole("button", { name: "Create account" });
  const error = page.getByTestId("signup-error");

  await password.fill("short");
  await expect(strength).toHaveText("Strength: 5 more characters");
  await expect(strength).toHaveAttribute("data-level", "0");
  // The browser holds a short password back (minlength); without that check the server refuses it in English too.
  await create.click();
  await expect(page.getByTestId("signup-form")).toBeVisible();
  expect(await password.evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
  await password.evaluate((input) => input.removeAttribute("minlength"));
  await create.click();
  await expect(error).toHaveText("The password must be at least 10 characters.");
  // A refused form keeps what was typed besides the password.
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await password.fill("password2025");
  await expect(strength).toHaveText("Strength: too common");
  await create.click();
  await expect(error).toHaveText("This password is too common: it would be guessed first. Choose another.");
  await checkPage(page, "signup-refused");

  await expect(page.getByLabel("Email")).toHaveValue(email);
  await password.fill(PASSWORD);
  await expect(strength).toHaveText("Strength: good");
  await expect(strength).not.toHaveAttribute("data-level", "0");
  await create.click();
  await expect(page.getByTestId("signup-sent")).toContainText(`We sent a confirmation link to ${email}. Open it, then log in.`);
  await checkPage(page, "signup-sent");
});
