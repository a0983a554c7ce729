import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";
import { signedInUser } from "./support/session";

const GIGA = "gigachat/GigaChat-2";
const LITE = "yandex/yandexgpt-lite";

test("activity shows the user's API calls, filters by model and exports them as CSV", async ({ page, baseURL }) => {
  const { email } = await signedInUser(page, "activity");
  const key = xrouter("key", "create", "--email", email, "--name", "e2e activity");
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  for (const model of [GIGA, LITE]) {
    const reply = await client.chat.completions.create({ model, messages: [{ role: "user", content: `hello from ${model}` }] });
    expect(reply.choices[0]?.message.content).toBeTruthy();
  }

  // Request rows are written in batches every 250 ms: reload until both show up.
  await expect(async () => {
    await page.goto("/activity");
    await expect(page.getByTestId("activity-total-requests")).toHaveText("2", { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId("activity-row")).toHaveCount(2);
  await expect(page.locator(`[data-testid=activity-row][data-model="${GIGA}"]`)).toContainText("e2e activity");
  await expect(page.getByRole("img", { name: /Запросы по времени/ })).toBeVisible();

  // Each row opens onto its route reason and upstream attempts.
  const gigaRow = page.locator(`[data-testid=activity-row][data-model="${GIGA}"]`);
  const toggle = gigaRow.getByTestId("activity-attempts-toggle");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  const details = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
  await expect(details).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(details).toBeVisible();
  await expect(details.getByTestId("activity-route-reason")).not.toBeEmpty();
  const ok = details.locator("[data-testid=activity-attempt][data-status='200']");
  await expect(ok.first()).toBeVisible();
  await expect(ok.first()).toContainText("demo:gigachat");
  await expect(ok.first().getByTestId("activity-attempt-status")).toHaveText("200");

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/activity-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/activity-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^xrouter-activity-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.split("\r\n").filter(Boolean);
  // For Russian Excel: BOM, semicolons, Moscow times.
  expect(lines[0]).toMatch(/^\uFEFFtime_msk;request_id;model;provider;key_name/);
  expect(lines).toHaveLength(3);
  expect(csv).toContain(`;${GIGA};`);
  expect(csv).toContain(`;${LITE};`);
  await expect(page.getByTestId("export-csv-machine")).toHaveAttribute("href", /variant=machine/);

  await page.getByLabel("Модель").selectOption(LITE);
  await expect(page).toHaveURL(/model=yandex%2Fyandexgpt-lite/);
  await expect(page.getByTestId("activity-row")).toHaveCount(1);
  await expect(page.getByTestId("activity-row")).toHaveAttribute("data-model", LITE);
  await expect(page.getByTestId("activity-total-requests")).toHaveText("1");
  await expect(page.getByTestId("export-csv")).toHaveAttribute("href", /model=yandex%2Fyandexgpt-lite/);
});

test("the CSV export needs a session", async ({ request }) => {
  const response = await request.get("/api/activity/export");
  expect(response.status()).toBe(401);
});
