import { expect, test, type Page } from "@playwright/test";
import { xrouter } from "./support/cli";
import { openLoaded } from "./support/loaded";
import { createUser, logIn } from "./support/session";

const SECRET = `sk-e2e-routing-${Date.now()}`;

async function openRouting(page: Page) {
  await openLoaded(page, "/admin/routing");
  await expect(page.getByTestId("accounts-table")).toBeVisible();
}

test("an admin adds a failing MTS account; requests fall back; a rule is previewed in the request tester", async ({ page, baseURL }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  const member = createUser("routing-member");
  const key = xrouter("key", "create", "--email", member.email, "--name", "routing-key");
  const admin = createUser("routing-admin", true);
  await logIn(page, admin.email);
  await openRouting(page);

  // Demo accounts are listed read-only.
  await expect(page.locator('[data-testid="account-row"][data-source="demo"]')).toHaveCount(4);
  await expect(page.locator('[data-testid="account-row"][data-source="demo"]').first().getByTestId("account-readonly")).toBeVisible();

  // Add an MTS account on an unreachable endpoint with the highest priority.
  await page.getByTestId("account-add").click();
  const form = page.getByTestId("account-form");
  await form.getByTestId("account-provider").selectOption("mts");
  // The descriptor's default: MWS publishes no quota (docs/providers/adding-a-provider.md).
  await expect(form.getByTestId("account-concurrency")).toHaveValue("100");
  await form.getByTestId("account-name").fill("Broken MWS");
  await form.getByTestId("account-priority").fill("1000");
  await expect(form.getByTestId("account-cost")).toHaveValue("100");
  await form.getByTestId("account-cost").fill("40");
  await form.getByTestId("cred-apiKey").fill(SECRET);
  await form.getByTestId("cred-baseUrl").fill("http://127.0.0.1:9/v1");
  await form.getByTestId("account-save").click();
  await expect(page.getByTestId("routing-notice")).toContainText("Broken MWS");
  const row = page.locator('[data-testid="account-row"][data-source="admin"]', { hasText: "Broken MWS" });
  await expect(row).toBeVisible();
  await expect(row).toContainText("http://127.0.0.1:9/v1");
  await expect(row.getByTestId("account-cost-percent")).toHaveText("40");
  expect(await page.content()).not.toContain(SECRET);

  // A chat request still succeeds through the demo account, after failing on the broken one.
  const res = await fetch(`${baseURL}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "mts/qwen3-32b", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("x-xrouter-provider")).toBe("mts");
  expect(Number(res.headers.get("x-xrouter-attempts"))).toBeGreaterThanOrEqual(2);
  const completion = (await res.json()) as { id: string };
  const generation = await fetch(`${baseURL}/api/v1/generation?id=${encodeURIComponent(completion.id)}`, { headers: { authorization: `Bearer ${key}` } });
  expect(generation.status).toBe(200);
  const { data } = (await generation.json()) as { data: { attempts: { account: string; status: number }[] } };
  expect(data.attempts.length).toBeGreaterThanOrEqual(2);
  expect(data.attempts.at(-1)).toMatchObject({ account: "demo:mts", status: 200 });
  expect(data.attempts[0]!.status).not.toBe(200);

  // The health check marks the broken account.
  await page.getByTestId("accounts-check-health").click();
  await expect(row.getByTestId("account-state")).toContainText(/не пройдена|failed/, { timeout: 15_000 });
  await page.screenshot({ path: "test-results/screenshots/routing-desktop.png", fullPage: true });

  // A rule keeps keys tagged ru-only-e2e on GigaChat; the tester shows it.
  await page.getByTestId("routing-tab-rules").click();
  await page.getByTestId("rule-add").click();
  const ruleForm = page.getByTestId("rule-form");
  await ruleForm.getByTestId("rule-name").fill("e2e ru-only");
  await ruleForm.getByTestId("rule-tags").fill("ru-only-e2e");
  await ruleForm.getByTestId("rule-only-yandex").uncheck();
  await ruleForm.getByTestId("rule-save").click();
  const rule = page.locator('[data-testid="rule-row"]', { hasText: "e2e ru-only" });
  await expect(rule).toBeVisible();
  await expect(rule).toContainText("gigachat");

  await page.getByTestId("preview-request").fill(JSON.stringify({ model: "mts/qwen3-32b", messages: [{ role: "user", content: "hi" }] }));
  await page.getByTestId("preview-tags").fill("ru-only-e2e");
  await page.getByTestId("preview-run").click();
  await expect(page.getByTestId("preview-error")).toContainText("503");

  await page.getByTestId("preview-request").fill(JSON.stringify({ model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "hi" }] }, null, 2));
  await page.getByTestId("preview-run").click();
  await expect(page.getByTestId("preview-reason")).toContainText("e2e ru-only");
  const routes = page.getByTestId("preview-route");
  await expect(routes.first()).toBeVisible();
  for (const provider of await routes.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-provider")))) expect(provider).toBe("gigachat");

  // Without the tag, an MTS model plans the broken account first, then the demo one.
  await page.getByTestId("preview-request").fill(JSON.stringify({ model: "mts/qwen3-32b", messages: [{ role: "user", content: "hi" }] }));
  await page.getByTestId("preview-tags").fill("");
  await page.getByTestId("preview-run").click();
  await expect(routes).toHaveCount(2);
  await expect(page.getByTestId("preview-result")).toContainText("demo");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/routing-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Analytics: the broken account shows failed attempts, the demo one answered.
  await openLoaded(page, "/admin/routing/analytics");
  const accounts = page.getByTestId("analytics-accounts");
  await expect(accounts).toContainText("Broken MWS");
  await expect(accounts).toContainText("demo:mts");
  await expect(page.getByTestId("analytics-providers")).toContainText("MTS MWS GPT");
  await page.screenshot({ path: "test-results/screenshots/routing-analytics-desktop.png", fullPage: true });
  await openRouting(page);
  await page.getByTestId("routing-tab-rules").click();

  // Clean up: the rule, then the broken account (other specs share this server).
  await rule.getByTestId("rule-delete").click();
  await expect(rule).toHaveCount(0);
  await page.getByTestId("routing-tab-accounts").click();
  await row.getByTestId("account-delete").click();
  await expect(row).toHaveCount(0);
});

test("the public status page shows every provider", async ({ page }) => {
  await page.goto("/status");
  const providers = page.getByTestId("status-provider");
  await expect(providers).toHaveCount(4);
  expect(await providers.evaluateAll((items) => items.map((i) => i.getAttribute("data-provider")))).toEqual(["gigachat", "yandex", "mts", "tbank"]);
  for (const state of await page.getByTestId("status-state").allTextContents()) expect(state.trim().length).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Статус провайдеров|Provider status/);
  await page.screenshot({ path: "test-results/screenshots/status-desktop.png", fullPage: true });
});
