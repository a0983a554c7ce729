import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";
import { createUser, logIn, signedInUser } from "./support/session";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SCREENSHOTS = "test-results/screenshots";

async function shoot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    // Nothing may stick out sideways at either width.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test("turn the response cache on for a key, see the hit in Activity, purge it", async ({ page, baseURL }) => {
  await page.setViewportSize(DESKTOP);
  const { email } = await signedInUser(page, "cache");
  const key = xrouter("key", "create", "--email", email, "--name", "e2e cache");
  const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
  const question = `cache me ${Date.now()}`;
  const ask = async (content = question) => {
    const { response } = await client.chat.completions.create({ model: "gigachat/GigaChat-2", messages: [{ role: "user", content }] }).withResponse();
    return response.headers.get("x-xrouter-cache");
  };

  // Turn the cache on, for an hour, shared across the user's keys.
  await page.goto("/keys");
  const row = page.locator("[data-testid=key-row][data-key-name='e2e cache']");
  await row.getByTestId("key-cache-open").click();
  const panel = page.getByTestId("key-cache-panel");
  await expect(panel.getByRole("heading", { name: "Кэш ответов" })).toBeVisible();
  await expect(panel.getByLabel("Кэшировать ответы")).not.toBeChecked();
  await expect(panel.getByLabel("Общий для всех моих ключей")).toBeChecked();
  await expect(panel.getByLabel("Хранить ответ")).toHaveValue("86400");
  await expect(panel.getByTestId("key-cache-purge-hint")).toHaveText("Очистит кэш всех ваших ключей.");

  // A custom TTL outside 1 s … 7 days is explained, not sent.
  await panel.getByLabel("Хранить ответ").selectOption("custom");
  await panel.getByTestId("key-cache-ttl-value").fill("8");
  await panel.getByTestId("key-cache-ttl-unit").selectOption("day");
  await panel.getByLabel("Кэшировать ответы").check();
  await panel.getByTestId("key-cache-save").click();
  await expect(panel.getByTestId("key-cache-notice")).toContainText("от 1 до 604 800");

  await panel.getByLabel("Хранить ответ").selectOption("3600");
  await panel.getByTestId("key-cache-save").click();
  await expect(panel.getByTestId("key-cache-notice")).toHaveText("Настройки кэша сохранены.");
  await expect(row.getByTestId("key-limits")).toContainText("Кэш ответов: 1 час");
  await shoot(page, "cache-keys");

  // The API: a miss, then the same question is a hit.
  await expect.poll(() => ask(`warm up ${Date.now()}`), { timeout: 8_000, intervals: [250] }).toBe("miss");
  expect(await ask()).toBe("miss");
  expect(await ask()).toBe("hit");

  // Activity: the hit row has the badge; the tiles show the hit ratio and what the hit saved.
  await expect(async () => {
    await page.goto("/activity");
    await expect(page.locator("[data-testid=activity-row][data-cache=hit]")).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  const hit = page.locator("[data-testid=activity-row][data-cache=hit]");
  await expect(hit.getByTestId("activity-cached")).toHaveText("из кэша");
  await expect(hit.getByTestId("activity-cached")).toHaveAttribute("title", /^Ответ из кэша; сэкономлено \d+,\d+\s₽$/);
  await expect(page.locator("[data-testid=activity-row]:not([data-cache=hit]) [data-testid=activity-cached]")).toHaveCount(0);
  await expect(page.getByTestId("activity-cache-hit-ratio")).toHaveText("33,3 %");
  await expect(page.getByText("1 из 3 запросов")).toBeVisible();
  await expect(page.getByTestId("activity-cache-hit-ratio-hint")).toHaveAttribute("title", /попадания \/ \(попадания \+ промахи/);
  const saved = page.getByTestId("activity-cache-saved");
  expect(await saved.textContent()).toMatch(/^\d+,\d{2}\s₽$/);
  expect(Number(await saved.locator("[data-micro]").getAttribute("data-micro"))).toBeGreaterThan(0);
  await shoot(page, "cache-activity");

  // Purge: the key shares, so the user's whole cache goes; the question is asked anew.
  await page.goto("/keys");
  await row.getByTestId("key-cache-open").click();
  await expect(panel.getByLabel("Кэшировать ответы")).toBeChecked();
  await panel.getByTestId("key-cache-purge").click();
  await expect(panel.getByTestId("key-cache-notice")).toHaveText("Кэш очищен для всех ваших ключей.");
  expect(await ask()).toBe("miss");
  expect(await ask()).toBe("hit");

  // A key of its own purges only its own namespace, and says so.
  await panel.getByLabel("Общий для всех моих ключей").uncheck();
  await panel.getByTestId("key-cache-save").click();
  await expect(panel.getByTestId("key-cache-purge-hint")).toHaveText("Очистит кэш только этого ключа.");
  await expect(row.getByTestId("key-limits")).toContainText("Кэш ответов: 1 час, свой");
  await panel.getByTestId("key-cache-purge").click();
  await expect(panel.getByTestId("key-cache-notice")).toHaveText("Кэш очищен только для этого ключа.");
});

test("an admin sets the price of a cached answer and purges the whole cache", async ({ page }) => {
  const admin = createUser("cache-admin", true);
  await logIn(page, admin.email);
  await page.goto("/admin/cache");
  await expect(page.getByRole("heading", { name: "Кэш ответов" })).toBeVisible();
  const share = page.getByLabel("Цена ответа из кэша, % от обычной");
  await expect(share).toHaveValue("0");

  await share.fill("150");
  await page.getByTestId("cache-hit-share-save").click();
  await expect(page.getByTestId("cache-hit-share-notice")).toHaveText("Укажите число от 0 до 100.");
  await share.fill("12,5");
  await page.getByTestId("cache-hit-share-save").click();
  await expect(page.getByTestId("cache-hit-share-notice")).toHaveText("Сохранено: ответ из кэша стоит 12,5 % обычной цены.");
  await page.reload();
  await expect(share).toHaveValue("12,5");

  await page.getByTestId("cache-purge").click();
  await expect(page.getByTestId("cache-purge-confirm")).toBeVisible();
  await shoot(page, "cache-admin");
  await page.getByTestId("cache-purge-yes").click();
  await expect(page.getByTestId("cache-purge-notice")).toHaveText("Весь кэш ответов очищен.");

  // Both changes are in the audit log; the share goes back to free.
  await share.fill("0");
  await page.getByTestId("cache-hit-share-save").click();
  await expect(page.getByTestId("cache-hit-share-notice")).toHaveText("Сохранено: ответ из кэша стоит 0 % обычной цены.");
  await page.goto("/admin/audit");
  await expect(page.getByRole("row", { name: new RegExp(`Весь кэш ответов очищен .*${admin.email}`) })).toHaveCount(1);
  await expect(page.getByRole("row", { name: /Цена попадания в кэш изменена .*цена попадания, %: 12\.5/ })).toHaveCount(1);
});
