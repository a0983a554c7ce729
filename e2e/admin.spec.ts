import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";
import { createUser, logIn } from "./support/session";

test("an admin finds a user, sees their keys and disables them; their key stops working", async ({ page, baseURL }) => {
  const member = createUser("member");
  const key = xrouter("key", "create", "--email", member.email, "--name", "member-key");
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  await client.chat.completions.create({ model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "hi" }] });

  const admin = createUser("admin", true);
  await logIn(page, admin.email);
  await page.getByTestId("nav-admin").click();
  await page.getByTestId("admin-search").fill(member.email);
  await expect(page.getByTestId("admin-user-row")).toHaveCount(1);
  await page.getByRole("link", { name: member.email }).click();
  await expect(page.getByText("member-key")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/admin-desktop.png", fullPage: true });
  await page.getByTestId("admin-toggle-user").click();
  await expect(page.getByTestId("admin-user-status")).toHaveText("отключён");

  await expect
    .poll(
      async () => {
        try {
          await client.chat.completions.create({ model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "hi" }] });
          return 200;
        } catch (err) {
          return (err as { status?: number }).status;
        }
      },
      { timeout: 6_000, intervals: [500] },
    )
    .toBe(401);
});

test("an admin sees the admin pages' times in the zone of their own account", async ({ page }) => {
  const member = createUser("zoned-member");
  const admin = createUser("zoned-admin", true);
  await logIn(page, admin.email);
  await page.goto("/account");
  await page.getByTestId("time-zone-select").selectOption("Asia/Vladivostok");
  await page.getByTestId("time-zone-save").click();
  await expect(page.getByTestId("time-zone-saved")).toBeVisible();

  await page.goto("/admin");
  await page.getByTestId("admin-search").fill(member.email);
  await page.getByRole("link", { name: member.email }).click();
  // The welcome credit's ledger row.
  await expect(page.getByTestId("admin-user-ledger")).toContainText("МСК+7");
  await page.goto("/admin/audit");
  await expect(page.getByTestId("audit-event").first()).toContainText("МСК+7");
});

test("the admin area does not exist for a regular user", async ({ page }) => {
  const user = createUser("regular");
  await logIn(page, user.email);
  await expect(page.getByTestId("nav-admin")).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
});
