import { expect, type Page } from "@playwright/test";
import { uniqueEmail, xrouter } from "./cli";

export const PASSWORD = "correct horse battery";

/** A verified user made with the CLI (optionally an admin), with 100 RUB of balance to spend. */
export function createUser(label = "user", admin = false): { email: string; password: string } {
  const email = uniqueEmail(label);
  // The e2e server runs in demo mode: the CLI gives the new user the same 100 ₽ welcome credit as a portal sign-up.
  xrouter("user", "create", "--email", email, "--password", PASSWORD, ...(admin ? ["--admin"] : []));
  return { email, password: PASSWORD };
}

/**
 * Opens the login form (at `path`: /login with its query) once React has hydrated it: a click before that would
 * submit the form natively instead of through next-auth. React keeps a hydrated element's props on the DOM node.
 */
export async function openLoginForm(page: Page, path = "/login"): Promise<void> {
  await page.goto(path);
  const form = page.getByTestId("login-form");
  await expect
    .poll(() => form.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactProps$"))), {
      message: "the login form is hydrated",
    })
    .toBe(true);
}

/** Logs in through the login form and waits for the portal. */
export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await openLoginForm(page);
  await page.getByLabel(/Электронная почта|Email/).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

/** A fresh verified user, logged in. */
export async function signedInUser(page: Page, label = "user", admin = false) {
  const user = createUser(label, admin);
  await logIn(page, user.email, user.password);
  return user;
}
