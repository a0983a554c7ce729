import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createUser, logIn, signedInUser } from "./support/session";

/** The balance the billing page shows, in micro-rubles. */
async function balanceMicro(page: Page): Promise<number> {
  return Number(await page.getByTestId("billing-balance").getAttribute("data-micro"));
}

test("a user redeems an admin's promo code once, sees it in the ledger and in this month's CSV statement", async ({
  page,
  playwright,
  baseURL,
}) => {
  const code = `E2E${Date.now().toString(36).toUpperCase()}`;

  // The admin creates the code in the UI.
  const admin = createUser("promo-admin", true);
  await logIn(page, admin.email);
  await page.goto("/admin/promos");
  await page.getByTestId("promo-create-code").fill(code.toLowerCase());
  await page.getByTestId("promo-create-amount").fill("250,50");
  await page.getByTestId("promo-create-max").fill("5");
  await page.getByTestId("promo-create-submit").click();
  await expect(page.getByTestId("promo-create-notice")).toContainText(code);
  const row = page.locator(`[data-testid="promo-row"][data-code="${code}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("promo-uses")).toHaveText("0 / 5");
  await page.screenshot({ path: "test-results/screenshots/admin-promos-desktop.png", fullPage: true });

  // A regular user (the 100 ₽ welcome credit of demo mode) redeems it.
  await page.context().clearCookies();
  await signedInUser(page, "billing");
  await page.goto("/billing");
  await expect(page.getByTestId("topup-form")).toBeVisible();
  await expect.poll(() => balanceMicro(page)).toBe(100_000_000);
  await page.getByTestId("promo-code").fill(code.toLowerCase());
  await page.getByTestId("promo-submit").click();
  await expect(page.getByTestId("promo-notice")).toContainText(code);
  await expect.poll(() => balanceMicro(page)).toBe(350_500_000);
  // Rubles the Russian way: comma for kopecks, a no-break space before the sign.
  await expect(page.getByTestId("billing-balance")).toHaveText("350,50\u00a0₽");
  // The welcome credit is a promo row too; this code's row is the one that names it.
  const codeRows = () =>
    page
      .locator('[data-testid="ledger-row"][data-kind="promo"]')
      .filter({ has: page.getByTestId("ledger-reference").getByText(code, { exact: true }) });
  const promoRow = codeRows();
  await expect(promoRow).toHaveCount(1);
  await expect(promoRow.getByTestId("ledger-reference")).toHaveText(code);
  await expect(promoRow.getByTestId("ledger-amount")).toHaveText(/\+250,50/);

  // Twice: refused, balance unchanged.
  await page.getByTestId("promo-code").fill(code);
  await page.getByTestId("promo-submit").click();
  await expect(page.getByTestId("promo-notice")).toHaveText(/уже активировали/);
  await page.reload();
  await expect.poll(() => balanceMicro(page)).toBe(350_500_000);
  await expect(codeRows()).toHaveCount(1);

  // Low-balance warning threshold.
  await page.getByTestId("low-balance-input").fill("50");
  await page.getByTestId("low-balance-save").click();
  await expect(page.getByTestId("low-balance-current")).toHaveText(/50,00/);

  // This month's CSV statement has the promo row; the PDF is a PDF.
  const thisMonth = page.getByTestId("statement-month").first();
  const month = await thisMonth.getAttribute("data-month");
  expect(month).toMatch(/^\d{4}-\d{2}$/);
  const [download] = await Promise.all([page.waitForEvent("download"), thisMonth.getByTestId("statement-csv").click()]);
  expect(download.suggestedFilename()).toBe(`xrouter-statement-${month}.csv`);
  const csv = readFileSync((await download.path())!, "utf8");
  // For Russian Excel: BOM, semicolons, comma decimals.
  expect(csv.startsWith("\uFEFF")).toBe(true);
  expect(csv).toContain(`;Промокод;250,50;350,50;${code};`);
  expect(csv).toContain("Входящий остаток");
  expect(csv).toContain(";Исходящий остаток;;350,50;");
  const pdf = await page.request.get(`/api/billing/statement?month=${month}&format=pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // Without a session: 401.
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`/api/billing/statement?month=${month}&format=csv`)).status()).toBe(401);
  await anonymous.dispose();

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/billing-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/billing-phone.png", fullPage: true });
});

test("an admin changes a model price in /admin/pricing and the catalog serves it", async ({ page }) => {
  const MODEL = "mts/mws-gpt-alpha";
  const admin = createUser("price-admin", true);
  await logIn(page, admin.email);
  await page.goto("/admin/pricing");
  const row = page.locator(`[data-testid="pricing-row"][data-model="${MODEL}"]`);
  await row.getByTestId("pricing-edit").click();
  const editor = page.getByTestId("price-editor");
  await editor.getByTestId("price-input-field").fill("123,45");
  await editor.getByTestId("price-output-field").fill("234.56");
  await editor.getByTestId("price-cached-field").fill("12");
  await editor.getByTestId("price-status-field").selectOption("confirmed");
  await editor.getByTestId("price-save").click();
  await expect(page.getByTestId("pricing-notice")).toContainText(MODEL);
  await expect(row.getByTestId("pricing-input")).toHaveText(/123[,.]45/);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/admin-pricing-desktop.png", fullPage: true });

  const response = await page.request.get("/api/v1/models");
  const { data } = (await response.json()) as {
    data: { id: string; pricing: { input: number; output: number; cached_input: number; status: string } }[];
  };
  expect(data.find((m) => m.id === MODEL)?.pricing).toMatchObject({
    input: 123.45,
    output: 234.56,
    cached_input: 12,
    status: "confirmed",
  });

  await page.goto("/models");
  await expect(
    page.locator(`[data-testid="model-row"][data-model-id="${MODEL}"]`).getByTestId("price-input"),
  ).toHaveText(/123[,.]45/);
});

test("the billing page and the admin pricing tools need the right session", async ({ page, playwright, baseURL }) => {
  const user = createUser("not-admin");
  await logIn(page, user.email);
  expect((await page.goto("/admin/pricing"))?.status()).toBe(404);
  expect((await page.goto("/admin/promos"))?.status()).toBe(404);
  const anonymous = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  const billing = await anonymous.get("/billing");
  expect([302, 303, 307, 308]).toContain(billing.status());
  await anonymous.dispose();
});
