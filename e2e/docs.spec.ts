import { expect, test, type Page } from "@playwright/test";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shoot(page: Page, name: string) {
  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    // Nothing may stick out sideways at either width.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(viewport.width);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/screenshots/${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test("/models lists the models of all four providers with RUB prices, and filters by feature and search", async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/models");
  await expect(page.getByRole("heading", { level: 1, name: "Модели" })).toBeVisible();
  for (const provider of ["gigachat", "yandex", "mts", "tbank"]) {
    await expect(
      page.locator(`[data-testid=provider-group][data-provider=${provider}] [data-testid=model-row]`).first(),
    ).toBeVisible();
  }
  const max = page.locator('[data-testid=model-row][data-model-id="gigachat/GigaChat-2-Max"]');
  await expect(max).toContainText("GigaChat 2 Max");
  await expect(max.getByTestId("price-input")).toHaveText(/^120,00\s₽$/);
  await expect(max.getByTestId("price-estimate")).toBeVisible();
  // Routes: the provider accounts that serve the model (the demo emulator account here).
  await expect(max.getByTestId("model-route")).toHaveText(["gigachat (демо-эмулятор)"]);
  await expect(max.getByTestId("model-route").first()).toHaveAttribute("data-provider", "gigachat");
  await expect(page.getByTestId("model-count")).toContainText("₽ за 1 млн токенов");
  const all = await page.getByTestId("model-row").count();
  expect(all).toBeGreaterThan(10);

  await page.getByLabel("Возможность").selectOption("embeddings");
  await expect(page.locator('[data-testid=model-row][data-model-id="gigachat/Embeddings"]')).toBeVisible();
  await expect(max).toHaveCount(0);
  const embedders = await page.getByTestId("model-row").count();
  expect(embedders).toBeGreaterThan(0);
  expect(embedders).toBeLessThan(all);
  for (const text of await page.getByTestId("model-row").allInnerTexts()) expect(text).toContain("Эмбеддинги");

  await page.getByLabel("Возможность").selectOption("all");
  await page.getByLabel("Поиск модели").fill("T-pro-it-2");
  await expect(page.locator('[data-testid=model-row][data-model-id="tbank/T-pro-it-2.0"]')).toBeVisible();
  await expect(max).toHaveCount(0);
  for (const text of await page.getByTestId("model-row").allInnerTexts())
    expect(text.toLowerCase()).toContain("t-pro-it-2");
  await page.getByLabel("Поиск модели").fill("no-such-model-anywhere");
  await expect(page.getByTestId("model-row")).toHaveCount(0);
  await expect(page.getByText("Ничего не найдено")).toBeVisible();

  await page.getByLabel("Поиск модели").fill("");
  await expect(page.getByTestId("model-row")).toHaveCount(all);
  await shoot(page, "models");
});

test("/docs shows quickstart snippets for this server's own origin, with a copy button", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize(DESKTOP);
  await page.goto("/docs");
  const base = `${new URL(page.url()).origin}/api/v1`;
  await expect(page.getByRole("heading", { level: 1, name: "Быстрый старт" })).toBeVisible();
  await expect(page.getByTestId("base-url")).toHaveText(base);
  for (const snippet of ["curl", "python", "javascript", "ai-sdk", "langchain", "stream-curl", "embeddings"]) {
    await expect(page.getByTestId(`snippet-${snippet}`), snippet).toContainText(base);
  }
  await expect(page.getByTestId("snippet-python")).toContainText("from openai import OpenAI");
  await expect(page.getByTestId("snippet-ai-sdk")).toContainText("@ai-sdk/openai-compatible");
  await expect(page.getByTestId("snippet-langchain")).toContainText("configuration: { baseURL:");
  await expect(page.getByTestId("snippet-tools")).toContainText("tool_call_id");

  const curl = page.getByTestId("snippet-curl");
  await curl.getByRole("button", { name: /Копировать/ }).click();
  await expect(curl.getByTestId("copy-code")).toHaveText("Скопировано");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`curl ${base}/chat/completions`);

  await shoot(page, "docs");
});

test("/docs/api renders the reference from the OpenAPI document", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 2, name: "POST /chat/completions", exact: true })).toBeVisible();
  const chat = page.getByTestId("operation-post-chat-completions");
  await expect(chat.locator("[data-field=messages]").first()).toContainText("обязательно");
  await expect(chat.locator("[data-status='429']")).toBeVisible();
  await expect(chat).toContainText("text/event-stream");
  await expect(page.getByRole("heading", { level: 2, name: "GET /models", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "POST /embeddings", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "GET /generation", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "POST /responses", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "DELETE /responses/{id}", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "POST /messages", exact: true })).toBeVisible();
  await shoot(page, "docs-api");
});

test("/docs/errors lists every error code with its status and what to do", async ({ page }) => {
  await page.goto("/docs/errors");
  const notFound = page.locator("[data-testid=error-code][data-code=model_not_found]");
  await expect(notFound).toContainText("404");
  await expect(notFound).toContainText("GET /models");
  for (const code of [
    "invalid_json",
    "missing_api_key",
    "rate_limit_exceeded",
    "request_too_large",
    "upstream_auth_failed",
    "insufficient_quota",
  ])
    await expect(page.locator(`[data-testid=error-code][data-code=${code}]`)).toBeVisible();
  await shoot(page, "docs-errors");
});

test("the docs switch to English and stay English", async ({ page }) => {
  await page.goto("/docs");
  await expect(page.getByRole("heading", { level: 1, name: "Быстрый старт" })).toBeVisible();
  await page.getByTestId("locale-select").selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Quickstart" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("navigation", { name: "Documentation sections" }).getByRole("link", { name: "Errors" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Errors" })).toBeVisible();
  await page.goto("/models");
  await expect(page.getByTestId("model-count")).toContainText("₽ per 1M tokens");
});
