import { expect, test, type Page } from "@playwright/test";
import { uniqueEmail } from "./support/cli";
import { createUser, logIn, openLoginForm, PASSWORD } from "./support/session";

/** Opens the newest outbox mail to `email` and follows its link. */
async function followMailLink(page: Page, email: string) {
  await page.goto("/dev/outbox");
  await page.locator(`[data-testid=outbox-mail][data-to="${email}"]`).first().getByTestId("outbox-link").click();
}

test("sign up, verify the email from the outbox, log in, log out", async ({ page }) => {
  const email = uniqueEmail("signup");
  await page.goto("/signup");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill("password2025");
  await expect(page.getByTestId("password-strength")).toContainText("слишком распространённый");
  await page.getByLabel("Пароль").fill(PASSWORD);
  await expect(page.getByTestId("password-strength")).not.toHaveAttribute("data-level", "0");
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page.getByTestId("signup-sent")).toContainText(email);
  // Demo mode: the confirmation points at the outbox, where the mail is.
  await expect(page.getByTestId("signup-outbox")).toHaveAttribute("href", "/dev/outbox");

  await openLoginForm(page);
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("login-error")).toContainText("Подтвердите почту");

  await followMailLink(page, email);
  await expect(page.getByRole("heading", { name: "Почта подтверждена" })).toBeVisible();
  await logIn(page, email);
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("nav-login")).toBeVisible();
});

test("the portal sends anonymous visitors to the login page", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
});

test("wrong passwords slow this address down with a clear message, and the owner gets in after the wait", async ({ page }) => {
  const { email } = createUser("lockout");
  await openLoginForm(page);
  const error = page.getByTestId("login-error");
  const submit = page.getByRole("button", { name: "Войти" });
  // Five wrong passwords are free; after that each one makes this address wait longer (1 s, 2 s, 4 s …).
  let locked = "";
  let warned = false;
  for (let i = 0; i < 10 && !locked; i++) {
    await page.getByLabel("Электронная почта").fill(email);
    await page.getByLabel("Пароль").fill(`wrong-password-${i}`);
    const answered = page.waitForResponse((res) => res.url().includes("/api/auth/callback/credentials"));
    await submit.click();
    await answered;
    // The button is disabled from the click until React renders the answer, with its message, in one go.
    await expect(submit).toBeEnabled();
    await expect(error).toBeVisible();
    const text = (await error.textContent()) ?? "";
    if (text.includes("Осталась одна попытка")) warned = true;
    if (text.includes("заблокирован")) locked = text;
  }
  expect(warned).toBe(true);
  const seconds = Number(/на (\d+) с/.exec(locked)?.[1]);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(16);
  // Not a 15-minute lockout: once the wait is over, the right password works.
  await page.waitForTimeout(seconds * 1000 + 500);
  await page.getByLabel("Пароль").fill(PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
});

test("password reset by link, then the old password no longer works", async ({ page }) => {
  const { email } = createUser("reset");
  await page.goto("/forgot");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByRole("button", { name: "Отправить ссылку" }).click();
  await expect(page.getByTestId("forgot-sent")).toBeVisible();
  await followMailLink(page, email);
  await page.getByLabel("Новый пароль").fill("a brand new password");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByTestId("reset-done")).toBeVisible();

  await openLoginForm(page);
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("login-error")).toContainText("Неверная почта или пароль");
  await logIn(page, email, "a brand new password");
});

test("changing the password ends the session", async ({ page }) => {
  const { email } = createUser("change");
  await logIn(page, email);
  await page.goto("/account");
  await page.getByLabel("Текущий пароль").fill(PASSWORD);
  await page.getByLabel("Новый пароль").fill("another long password");
  await page.getByTestId("change-password-form").getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByTestId("account-notice")).toContainText("Пароль изменён");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("the language switch turns the interface to English and is remembered", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("headline")).toHaveText("Один API для российских LLM");
  await page.getByTestId("locale-select").selectOption("en");
  await expect(page.getByTestId("headline")).toHaveText("One API for Russian LLMs");
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});
