import { expect, test } from "@playwright/test";

test("an unknown address answers 404 with a translated page inside the site's header", async ({ page, context, baseURL }) => {
  const response = await page.goto("/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Страница не найдена" })).toBeVisible();
  await expect(page).toHaveTitle("Страница не найдена — XRouter");
  await expect(page.getByTestId("brand")).toBeVisible();
  await expect(page.getByRole("link", { name: "На главную" })).toHaveAttribute("href", "/");
  await expect(page.getByText("This page could not be found")).toHaveCount(0);

  await context.addCookies([{ name: "xr-locale", value: "en", url: baseURL! }]);
  expect((await page.goto("/does-not-exist/either"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByTestId("brand")).toBeVisible();
});
