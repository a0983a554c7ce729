import { expect, test } from "@playwright/test";
import { signedInUser } from "./support/session";

/**
 * Tops up 1000 ₽ in the browser through the YooKassa emulator: the top-up form, the emulator's checkout page
 * (stands in for YooKassa's hosted page), back on the return page that shows the credited state and balance.
 * Demo mode starts the emulator inside the running server.
 */
test("top up 1000 ₽ through the YooKassa emulator and see the balance credited", async ({ page }) => {
  await signedInUser(page, "topup");
  await page.goto("/billing/topup/new");
  await page.getByTestId("topup-preset-1000").click();
  await expect(page.getByTestId("topup-preset-1000")).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: "test-results/screenshots/topup-new-desktop.png", fullPage: true });
  await page.getByTestId("topup-submit").click();

  await expect(page).toHaveURL(/\/checkout\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("emulator-amount")).toContainText("1000.00");
  await page.getByRole("button", { name: "Pay" }).click();

  await expect(page).toHaveURL(/\/billing\/topup\?id=top_/);
  await expect(page.getByTestId("topup-credited")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("topup-status")).toHaveAttribute("data-status", "credited");
  await expect(page.getByTestId("topup-credited")).toContainText(/1\s000/);
  // A new account may start with a welcome credit, so the balance is at least the 1000 ₽ just paid.
  const balance = (await page.getByTestId("topup-balance").innerText()).replace(/[^\d,.]/g, "").replace(",", ".");
  expect(Number(balance)).toBeGreaterThanOrEqual(1000);
  await page.screenshot({ path: "test-results/screenshots/topup-return-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/topup-return-phone.png", fullPage: true });
});

test("a canceled payment shows the canceled state on the return page", async ({ page }) => {
  await signedInUser(page, "topup-cancel");
  await page.goto("/billing/topup/new");
  await page.getByTestId("topup-custom").fill("150");
  await page.getByTestId("topup-submit").click();
  await expect(page).toHaveURL(/\/checkout\//);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/billing\/topup\?id=top_/);
  await expect(page.getByTestId("topup-canceled")).toBeVisible({ timeout: 15_000 });
});
