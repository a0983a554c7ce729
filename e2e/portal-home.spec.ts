import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";
import { createUser, logIn } from "./support/session";

const SCREENSHOTS = "test-results/screenshots";
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const GIGA = "gigachat/GigaChat-2";

/** Screenshots of the page at desktop and phone width, and no sideways scrolling on the phone. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** A request through the public API with a key made by the CLI. */
async function firstRequest(email: string, baseURL: string) {
  const key = xrouter("key", "create", "--email", email, "--name", "e2e home");
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  await client.chat.completions.create({ model: GIGA, messages: [{ role: "user", content: "hello home" }] });
}

test("sign-in lands on the dashboard: balance in the header, the checklist while there is no key", async ({ page }) => {
  const { email } = createUser("home");
  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page).toHaveTitle("Главная — XRouter");
  await expect(page.getByRole("heading", { level: 1, name: "Главная" })).toBeVisible();

  // Demo mode's welcome credit: the balance tile, the header, and the checklist's second step.
  await expect(page.getByTestId("dashboard-balance")).toHaveText("100,00 ₽");
  const header = page.getByTestId("header-balance");
  await expect(header).toHaveText("Баланс: 100,00 ₽");
  await expect(header).toHaveAttribute("href", "/billing");
  await expect(page.getByTestId("dashboard-topup")).toHaveAttribute("href", "/billing/topup/new");

  const checklist = page.getByTestId("dashboard-checklist");
  await expect(checklist).toBeVisible();
  await expect(checklist.getByTestId("checklist-key")).toHaveAttribute("data-done", "false");
  await expect(checklist.getByTestId("checklist-credit")).toHaveAttribute("data-done", "true");
  await expect(checklist.getByTestId("checklist-request")).toHaveAttribute("data-done", "false");
  await expect(page.getByTestId("dashboard-recent-empty")).toBeVisible();

  // The first-request snippet carries this server's base URL.
  await expect(page.getByTestId("code-curl")).toContainText(`${new URL(page.url()).origin}/api/v1/chat/completions`);
  await page.getByTestId("code-tab-python").click();
  await expect(page.getByTestId("code-python")).toContainText("from openai import OpenAI");
  await shoot(page, "dashboard-new");

  // The header's balance is on every page.
  await page.goto("/docs");
  await expect(page.getByTestId("header-balance")).toHaveText("Баланс: 100,00 ₽");
  await page.getByTestId("header-balance").click();
  await expect(page).toHaveURL(/\/billing$/);
});

test("with a key and a request: no checklist, the last requests and keys link on", async ({ page, baseURL }) => {
  const { email } = createUser("home-used");
  await logIn(page, email);
  await firstRequest(email, baseURL!);
  // Request rows are written in batches: reload until it shows.
  await expect(async () => {
    await page.goto("/dashboard");
    await expect(page.getByTestId("dashboard-recent-row")).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId("dashboard-checklist")).toHaveCount(0);
  await expect(page.getByTestId("dashboard-recent-row")).toContainText(GIGA);
  await expect(page.getByTestId("dashboard-recent-status")).toHaveText("200");
  await expect(page.getByTestId("dashboard-requests")).toHaveText("1");
  await expect(page.getByTestId("dashboard-keys")).toContainText("e2e home");
  await expect(page.getByRole("img", { name: /Расход по (дням|часам)/ })).toBeVisible();
  await shoot(page, "dashboard");

  await page.getByTestId("dashboard-all-activity").click();
  await expect(page).toHaveURL(/\/activity$/);
  await page.goto("/dashboard");
  await page.getByTestId("dashboard-all-keys").click();
  await expect(page).toHaveURL(/\/keys$/);
});

test("the landing page: what XRouter is, providers with prices, code, status; the call to action knows who reads", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("XRouter — единый API для российских LLM");
  await expect(page.getByTestId("headline")).toHaveText("Один API для российских LLM");
  const cta = page.getByTestId("landing-cta");
  await expect(cta).toHaveText("Зарегистрироваться");
  await expect(cta).toHaveAttribute("href", "/signup");
  await expect(page.getByTestId("landing-provider")).toHaveCount(4);
  for (const provider of ["gigachat", "yandex", "mts", "tbank"])
    await expect(page.locator(`[data-testid=landing-provider][data-provider=${provider}] [data-testid=landing-model]`).first()).toBeVisible();
  // Prices come from the catalog, written the Russian way.
  await expect(page.getByTestId("landing-model").first()).toContainText(/\d,\d{2}/);
  await expect(page.getByTestId("landing-sample")).toContainText(`base_url="${new URL(page.url()).origin}/api/v1"`);
  await expect(page.getByTestId("landing-status")).toHaveAttribute("href", "/status");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);
  await shoot(page, "landing");

  const { email } = createUser("home-cta");
  await logIn(page, email);
  await page.goto("/");
  await expect(page.getByTestId("landing-cta")).toHaveText("Открыть портал");
  await expect(page.getByTestId("landing-cta")).toHaveAttribute("href", "/dashboard");
  await page.getByTestId("landing-cta").click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("in English: the dashboard, the header balance and the landing's call to action", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "xr-locale", value: "en", url: baseURL! }]);
  const { email } = createUser("home-en");
  await logIn(page, email);
  await expect(page).toHaveTitle("Home — XRouter");
  await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();
  await expect(page.getByTestId("header-balance")).toHaveText("Balance: 100.00 ₽");
  await expect(page.getByTestId("dashboard-checklist")).toContainText("Getting started");
  await page.goto("/");
  await expect(page.getByTestId("landing-cta")).toHaveText("Open the portal");
  await page.goto("/keys");
  await expect(page).toHaveTitle("Keys — XRouter");
});

test("the time zone set in the account moves the times of Activity, the ledger, the keys and the security log", async ({ page, baseURL }) => {
  const { email } = createUser("home-zone");
  await logIn(page, email);
  await firstRequest(email, baseURL!);
  const time = page.getByTestId("activity-row").first().locator("time");
  await expect(async () => {
    await page.goto("/activity");
    await expect(time).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  const at = new Date((await time.getAttribute("datetime"))!);
  const clock = (offsetHours: number) => new Date(at.getTime() + offsetHours * 3_600_000).toISOString().slice(11, 19);
  await expect(page.getByTestId("activity-recent")).toContainText("(МСК)");
  await expect(time).toContainText(clock(3));

  await page.goto("/account");
  await page.getByTestId("time-zone-select").selectOption("UTC");
  await page.getByTestId("time-zone-save").click();
  await expect(page.getByTestId("time-zone-saved")).toBeVisible();

  await page.goto("/activity");
  await expect(page.getByTestId("activity-recent")).toContainText("(UTC)");
  await expect(time).toContainText(clock(0));
  await page.goto("/billing");
  await expect(page.getByTestId("ledger-table").or(page.getByTestId("ledger-list")).first()).toContainText("UTC");
  await page.goto("/dashboard");
  await expect(page.getByTestId("dashboard-recent-time")).toContainText(clock(0).slice(0, 5));

  await page.goto("/account");
  await page.getByTestId("time-zone-select").selectOption("Asia/Vladivostok");
  await page.getByTestId("time-zone-save").click();
  await expect(page.getByTestId("time-zone-saved")).toBeVisible();
  await page.goto("/activity");
  await expect(page.getByTestId("activity-recent")).toContainText("(МСК+7)");
  await expect(time).toContainText(clock(10));
  // The key's last use is written a few seconds after the request.
  await expect(async () => {
    await page.goto("/keys");
    await expect(page.getByTestId("key-last-used").first()).toContainText("МСК+7", { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await page.goto("/account/security");
  await expect(page.getByTestId("security-event").first()).toContainText("МСК+7");
});
