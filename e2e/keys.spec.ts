import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { signedInUser } from "./support/session";

const SCREENSHOTS = "test-results/screenshots";

test("create a key with a limit, copy it, call the API with it, revoke it, and it is rejected within 6 s", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signedInUser(page, "keys");
  await page.goto("/keys");
  await expect(page.getByRole("heading", { name: "API-ключи" })).toBeVisible();
  await expect(page.getByTestId("keys-empty")).toBeVisible();

  // Create a key with a monthly limit, an RPM and one allowed model.
  await page.getByTestId("create-key-open").click();
  await page.getByLabel("Название").fill("e2e key");
  await page.getByLabel("Лимит расходов, ₽").fill("150,50");
  await page.getByLabel("Период лимита").selectOption("week");
  await page.getByLabel("Запросов в минуту").fill("120");
  await page.getByTestId("key-models").getByRole("checkbox", { name: /gigachat\/GigaChat-2$/ }).check();
  await page.getByTestId("create-key-submit").click();

  const value = page.getByTestId("new-key-value");
  await expect(value).toHaveText(/^xr-[0-9A-Za-z]{40,}$/);
  const shown = (await value.textContent())!.trim();
  await page.getByTestId("copy-key").click();
  await expect(page.getByTestId("copy-key")).toHaveText("Скопировано");
  const key = await page.evaluate(() => navigator.clipboard.readText());
  expect(key).toBe(shown);

  const row = page.getByTestId("key-row").filter({ hasText: "e2e key" });
  const keyId = (await row.getAttribute("data-key-id"))!;
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-status", "active");
  await expect(row.getByTestId("key-prefix")).toHaveText(`${key.slice(0, 7)}…`);
  await expect(row.getByTestId("key-limits")).toContainText(/150,50\s₽ в неделю/);
  await expect(row.getByTestId("key-limits")).toContainText("120 запросов/мин");
  await expect(row.getByTestId("key-limits")).toContainText("Модели: gigachat/GigaChat-2");

  await page.getByTestId("new-key-done").click();
  await expect(page.getByTestId("new-key-value")).toHaveCount(0);
  // The full key is never shown again.
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(page.locator("body")).not.toContainText(key);

  // The key works with the openai SDK.
  const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
  const ask = () => client.chat.completions.create({ model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "hello from e2e" }] });
  const completion = await ask();
  expect(completion.choices[0]?.message.content).toBe("Echo: hello from e2e");

  // Rename inline, disable and enable again.
  const renamed = page.locator(`[data-testid=key-row][data-key-id="${keyId}"]`);
  await renamed.getByTestId("rename-key").click();
  await renamed.getByTestId("rename-input").fill("e2e key renamed");
  await renamed.getByTestId("rename-save").click();
  await expect(renamed.getByTestId("key-name")).toHaveText("e2e key renamed");
  await renamed.getByTestId("disable-key").click();
  await expect(renamed).toHaveAttribute("data-status", "disabled");
  await renamed.getByTestId("enable-key").click();
  await expect(renamed).toHaveAttribute("data-status", "active");

  // A second key so the screenshots show more than one row.
  await page.getByTestId("create-key-open").click();
  await page.getByLabel("Название").fill("staging");
  await page.getByTestId("create-key-submit").click();
  await expect(page.getByTestId("new-key-value")).toBeVisible();
  await page.getByTestId("new-key-done").click();
  await expect(page.getByTestId("key-row")).toHaveCount(2);

  // Revoke with confirmation; the key stays listed as revoked.
  await renamed.getByTestId("revoke-key").click();
  await expect(renamed.getByTestId("revoke-confirm")).toBeVisible();
  await renamed.getByTestId("confirm-revoke").click();
  await expect(renamed).toHaveAttribute("data-status", "revoked");
  await expect(renamed.getByTestId("key-status")).toHaveText("Отозван");
  const revokedAt = Date.now();

  // Within 6 seconds the same call fails with 401.
  await expect
    .poll(
      async () => {
        try {
          await ask();
          return 200;
        } catch (err) {
          return err instanceof OpenAI.APIError ? err.status : -1;
        }
      },
      { timeout: 6_000, intervals: [250] },
    )
    .toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(6_000);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/keys-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("key-row").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/keys-phone.png`, fullPage: true });
});

test("the create form explains a bad limit without creating a key", async ({ page }) => {
  await signedInUser(page, "keys-invalid");
  await page.goto("/keys");
  await expect(page.getByTestId("keys-empty")).toBeVisible();
  await page.getByTestId("create-key-open").click();
  await page.getByLabel("Название").fill("bad");
  await page.getByLabel("Лимит расходов, ₽").fill("-5");
  await page.getByTestId("create-key-submit").click();
  await expect(page.getByTestId("create-key-error")).toContainText(/не меньше 0,01\s₽/);
  await page.getByLabel("Лимит расходов, ₽").fill("2000000");
  await page.getByTestId("create-key-submit").click();
  await expect(page.getByTestId("create-key-error")).toContainText(/не может быть больше 1\s000\s000,00\s₽/);
  await page.getByTestId("create-key-cancel").click();
  await expect(page.getByTestId("keys-empty")).toBeVisible();
});
