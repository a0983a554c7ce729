import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { createUser, openLoginForm, PASSWORD } from "./support/session";

/** Stands in for other sites: whatever the browser asks of them is answered here, never by the network. */
async function serveOtherSite(page: Page, origin: string, html: string) {
  await page.context().route(`${origin}/**`, (route) => route.fulfill({ contentType: "text/html", body: html }));
}

// Two logins only: the whole suite shares one IP's login budget (30 per 15 minutes); server/net/same-origin-path.test.ts
// has the other spellings.
for (const next of ["/%5Cevil.example", "/%09/evil.example"]) {
  test(`after login, next=${next} stays on the site`, async ({ page, baseURL }) => {
    await serveOtherSite(page, "http://evil.example", "<h1>evil</h1>");
    const { email } = createUser("redirect");
    await openLoginForm(page, `/login?next=${next}`);
    await page.getByLabel("Электронная почта").fill(email);
    await page.getByLabel("Пароль").fill(PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
  });
}

test("a page on another site cannot frame the login page", async ({ page, baseURL }) => {
  // A real server on this machine: a page from a public address may not frame a local one at all in Chromium.
  const framer = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end(`<iframe id="target" src="${baseURL}/login" onload="document.title = 'loaded'"></iframe>`),
  );
  await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
  try {
    await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
    await expect(page).toHaveTitle("loaded");
    await expect(page.frameLocator("#target").getByTestId("login-form")).toHaveCount(0);
  } finally {
    framer.closeAllConnections();
    framer.close();
  }
});

test("pages carry a nonce CSP that forbids framing, and the security headers", async ({ request }) => {
  const policies = new Set<string>();
  for (const path of ["/login", "/oauth/authorize?client_id=x", "/login"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // No https public URL in this run, so no HSTS (it would pin plain-http users out).
    expect(headers["strict-transport-security"]).toBeUndefined();
    policies.add(headers["content-security-policy"]!);
  }
  expect(policies.size).toBe(3);
});

test("the API answers with nosniff", async ({ request }) => {
  const response = await request.get("/api/v1/models");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});

// The signed-in portal runs under the same policy in every other spec; these pages need no login.
test("the public pages run under their CSP without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  for (const path of ["/", "/login", "/signup", "/docs", "/docs/api", "/models"]) {
    await page.goto(path, { waitUntil: "networkidle" });
  }
  expect(violations).toEqual([]);
});

test("the dev outbox answers this machine, not a client relayed by a proxy", async ({ request }) => {
  expect((await request.get("/dev/outbox")).status()).toBe(200);
  expect((await request.get("/dev/outbox", { headers: { "x-forwarded-for": "203.0.113.7" } })).status()).toBe(404);
});

test("the production server serves /metrics to this machine only, not to a client relayed by a proxy", async ({ request }) => {
  const local = await request.get("/metrics");
  expect(local.status()).toBe(200);
  expect(await local.text()).toContain("xrouter_charge_backlog");
  expect((await request.get("/metrics", { headers: { "x-forwarded-for": "203.0.113.7" } })).status()).toBe(403);
});
