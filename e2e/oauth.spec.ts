import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createUser, openLoginForm, PASSWORD } from "./support/session";

/**
 * A minimal OAuth 2.0 client written against RFC 6749 / 7636 / 7009 / 8414 / 9068, the way a native app
 * does it (RFC 8252): a loopback redirect URI served by a tiny node:http server on 127.0.0.1.
 */
const b64url = (buf: Buffer) => buf.toString("base64url");
const pkce = () => {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash("sha256").update(verifier).digest()) };
};

class LoopbackReceiver {
  private server!: Server;
  readonly hits: URL[] = [];
  port = 0;
  async start() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", `http://127.0.0.1:${this.port}`);
      if (url.pathname !== "/favicon.ico") this.hits.push(url);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<h1 data-testid='loopback-done'>You can close this window.</h1>");
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  redirectUri() {
    return `http://127.0.0.1:${this.port}/callback`;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function tokenRequest(request: APIRequestContext, form: Record<string, string>) {
  const response = await request.post("/oauth/token", { form });
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}

test.describe.configure({ mode: "serial" });

test.describe("OAuth 2.0 authorization server", () => {
  const receiver = new LoopbackReceiver();
  const state = "e2e-state-" + b64url(randomBytes(6));
  const user = { email: "", password: PASSWORD };
  let clientId = "";
  let metadata: Record<string, string> = {};
  let tokens: { access_token: string; refresh_token: string } = { access_token: "", refresh_token: "" };

  test.beforeAll(async () => {
    await receiver.start();
    Object.assign(user, createUser("oauth"));
  });
  test.afterAll(async () => {
    await receiver.stop();
  });

  test("metadata and JWKS are published", async ({ request }) => {
    const meta = await request.get("/.well-known/oauth-authorization-server");
    expect(meta.status()).toBe(200);
    metadata = (await meta.json()) as Record<string, string>;
    expect(metadata).toMatchObject({ code_challenge_methods_supported: ["S256"], response_types_supported: ["code"] });
    expect(new URL(metadata.token_endpoint!).pathname).toBe("/oauth/token");
    const jwks = await request.get("/.well-known/jwks.json");
    expect(jwks.status()).toBe(200);
    const { keys } = (await jwks.json()) as { keys: Array<Record<string, string>> };
    expect(keys.length).toBeGreaterThan(0);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
    expect(keys[0]).not.toHaveProperty("d");
  });

  test("register an app, authorize with PKCE after logging in, consent with a cap, exchange the code", async ({
    page,
    request,
  }) => {
    // Register the app in the portal.
    await openLoginForm(page);
    await page.getByLabel(/Электронная почта|Email/).fill(user.email);
    await page.getByLabel(/^(Пароль|Password)$/).fill(user.password);
    await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/apps");
    await page.locator("#appName").fill("E2E Native App");
    await page.locator("#homepageUrl").fill("https://e2e.example.test");
    await page.locator("#redirectUris").fill("http://127.0.0.1/callback");
    await page.getByTestId("apps-register").click();
    const item = page.getByTestId("apps-item").filter({ hasText: "E2E Native App" });
    await expect(item).toBeVisible();
    clientId = (await item.getByTestId("apps-client-id").textContent())!.trim();
    expect(clientId).toMatch(/^xrapp_/);
    await page.screenshot({ path: "test-results/screenshots/apps-desktop.png", fullPage: true });

    // An unregistered redirect URI is an error page, never a redirect.
    const { challenge, verifier } = pkce();
    const authorize = (redirectUri: string, extra: Record<string, string> = {}) =>
      `/oauth/authorize?${new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: "chat usage:read",
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
        ...extra,
      }).toString()}`;
    await page.goto(authorize("https://evil.example.test/callback"));
    await expect(page.getByTestId("oauth-error")).toBeVisible();
    expect(page.url()).toContain("/oauth/authorize");

    // plain PKCE is refused back to the (valid) redirect URI.
    await page.goto(authorize(receiver.redirectUri(), { code_challenge_method: "plain", code_challenge: verifier }));
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    expect(receiver.hits.at(-1)!.searchParams.get("error")).toBe("invalid_request");
    expect(receiver.hits.at(-1)!.searchParams.get("state")).toBe(state);

    // Signed out: /oauth/authorize sends the browser to log in, and back.
    await page.context().clearCookies();
    await page.goto(authorize(receiver.redirectUri()));
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel(/Электронная почта|Email/).fill(user.email);
    await page.getByLabel(/^(Пароль|Password)$/).fill(user.password);
    await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();

    // Consent: app name, redirect host, scopes, a cap.
    await expect(page.getByTestId("consent-form")).toBeVisible();
    await expect(page.getByTestId("consent-app")).toContainText("E2E Native App");
    await expect(page.getByTestId("consent-redirect-host")).toContainText(`127.0.0.1:${receiver.port}`);
    await expect(page.getByTestId("consent-scopes").locator("li")).toHaveCount(2);
    await page.getByTestId("consent-cap").fill("5");
    await page.getByTestId("consent-period").selectOption("day");
    await page.getByTestId("consent-expiry").selectOption("7");
    await page.screenshot({ path: "test-results/screenshots/oauth-consent-desktop.png", fullPage: true });
    const hitsBefore = receiver.hits.length;
    await page.getByTestId("consent-approve").click();
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    expect(receiver.hits.length).toBe(hitsBefore + 1);
    const callback = receiver.hits.at(-1)!;
    expect(callback.pathname).toBe("/callback");
    expect(callback.searchParams.get("state")).toBe(state);
    const code = callback.searchParams.get("code")!;
    expect(code).toBeTruthy();

    // Token request (public client: client_id, no secret).
    const exchanged = await tokenRequest(request, {
      grant_type: "authorization_code",
      code,
      redirect_uri: receiver.redirectUri(),
      code_verifier: verifier,
      client_id: clientId,
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: "Bearer", expires_in: 900, scope: "chat usage:read" });
    tokens = exchanged.body as typeof tokens;
    expect(tokens.access_token.split(".")).toHaveLength(3);
    const header = JSON.parse(Buffer.from(tokens.access_token.split(".")[0]!, "base64url").toString()) as Record<
      string,
      string
    >;
    expect(header).toMatchObject({ alg: "ES256", typ: "at+jwt" });

    // The code is single-use.
    const again = await tokenRequest(request, {
      grant_type: "authorization_code",
      code,
      redirect_uri: receiver.redirectUri(),
      code_verifier: verifier,
      client_id: clientId,
    });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // …and replaying it revoked that grant, so authorize again (remembered consent is gone) to continue.
    const second = pkce();
    await page.goto(authorize(receiver.redirectUri(), { code_challenge: second.challenge }));
    await page.getByTestId("consent-cap").fill("5");
    await page.getByTestId("consent-approve").click();
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    const code2 = receiver.hits.at(-1)!.searchParams.get("code")!;
    const fresh = await tokenRequest(request, {
      grant_type: "authorization_code",
      code: code2,
      redirect_uri: receiver.redirectUri(),
      code_verifier: second.verifier,
      client_id: clientId,
    });
    expect(fresh.status).toBe(200);
    tokens = fresh.body as typeof tokens;

    // Remembered consent: the next authorization skips the consent page.
    const third = pkce();
    await page.goto(authorize(receiver.redirectUri(), { code_challenge: third.challenge }));
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    expect(receiver.hits.at(-1)!.searchParams.get("code")).toBeTruthy();

    // The consent is listed in the portal.
    await page.goto("/apps");
    await expect(page.getByTestId("grants-item").filter({ hasText: "E2E Native App" })).toBeVisible();
  });

  // Needs server/gateway/identify.ts to accept JWT access tokens (identifyAccessToken); enable once wired.
  test("the access token calls chat; spending is capped by the grant", async ({ request }) => {
    const chat = await request.post("/api/v1/chat/completions", {
      headers: { authorization: `Bearer ${tokens.access_token}` },
      data: { model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "hello from oauth e2e" }] },
    });
    expect(chat.status()).toBe(200);
    const key = await request.get("/api/v1/key", { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(key.status()).toBe(200);
  });

  // Needs server/gateway/identify.ts wired (see above): a grant whose cap is one kopeck (the smallest) gets 402.
  test("a grant whose cap is exhausted gets 402", async ({ page, request }) => {
    await openLoginForm(page);
    await page.getByLabel(/Электронная почта|Email/).fill(user.email);
    await page.getByLabel(/^(Пароль|Password)$/).fill(user.password);
    await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    const { challenge, verifier } = pkce();
    await page.goto(
      `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: receiver.redirectUri(), state, code_challenge: challenge, code_challenge_method: "S256", prompt: "consent" }).toString()}`,
    );
    await page.getByTestId("consent-cap").fill("0,01");
    await page.getByTestId("consent-period").selectOption("total");
    await page.getByTestId("consent-approve").click();
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    const code = receiver.hits.at(-1)!.searchParams.get("code")!;
    const capped = await tokenRequest(request, {
      grant_type: "authorization_code",
      code,
      redirect_uri: receiver.redirectUri(),
      code_verifier: verifier,
      client_id: clientId,
    });
    const ask = () =>
      request.post("/api/v1/chat/completions", {
        headers: { authorization: `Bearer ${capped.body.access_token as string}` },
        data: { model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "over the cap" }] },
      });
    // Each answer costs a fraction of a kopeck (a hold is capped to what the grant has left), so ask until refused.
    const statuses: number[] = [];
    while (statuses.length < 100 && !statuses.includes(402)) statuses.push((await ask()).status());
    expect(statuses).toContain(402);
    expect(statuses.filter((s) => s !== 200 && s !== 402)).toEqual([]);
  });

  test("refresh rotates the refresh token; revoke ends the grant", async ({ request }) => {
    const refreshed = await tokenRequest(request, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
      client_id: clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    const rotated = refreshed.body as typeof tokens;

    const revoke = await request.post("/oauth/revoke", {
      form: { token: rotated.refresh_token, token_type_hint: "refresh_token", client_id: clientId },
    });
    expect(revoke.status()).toBe(200);

    const after = await tokenRequest(request, {
      grant_type: "refresh_token",
      refresh_token: rotated.refresh_token,
      client_id: clientId,
    });
    expect(after).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    tokens = rotated;
  });

  // Needs server/gateway/identify.ts wired (see above).
  test("a revoked grant's access token is rejected by the API", async ({ request }) => {
    // Refused once the cached verdict on the token expires (a few seconds).
    const chat = () =>
      request.post("/api/v1/chat/completions", {
        headers: { authorization: `Bearer ${tokens.access_token}` },
        data: { model: "gigachat/GigaChat-2", messages: [{ role: "user", content: "after revoke" }] },
      });
    await expect.poll(async () => (await chat()).status(), { timeout: 10_000 }).toBe(401);
  });

  test("deny sends access_denied with the state", async ({ page }) => {
    await openLoginForm(page);
    await page.getByLabel(/Электронная почта|Email/).fill(user.email);
    await page.getByLabel(/^(Пароль|Password)$/).fill(user.password);
    await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    const { challenge } = pkce();
    await page.goto(
      `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: receiver.redirectUri(), state, code_challenge: challenge, code_challenge_method: "S256", prompt: "consent" }).toString()}`,
    );
    await page.getByTestId("consent-deny").click();
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    expect(receiver.hits.at(-1)!.searchParams.get("error")).toBe("access_denied");
    expect(receiver.hits.at(-1)!.searchParams.get("state")).toBe(state);
  });

  test("OpenRouter-compatible /auth flow redirects with a code", async ({ page }) => {
    await openLoginForm(page);
    await page.getByLabel(/Электронная почта|Email/).fill(user.email);
    await page.getByLabel(/^(Пароль|Password)$/).fill(user.password);
    await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    const { challenge } = pkce();
    await page.goto(
      `/auth?${new URLSearchParams({ callback_url: `http://127.0.0.1:${receiver.port}/or-callback`, code_challenge: challenge, code_challenge_method: "S256" }).toString()}`,
    );
    await page.getByTestId("consent-cap").fill("3");
    await page.getByTestId("consent-approve").click();
    await expect(page.getByTestId("loopback-done")).toBeVisible();
    const hit = receiver.hits.at(-1)!;
    expect(hit.pathname).toBe("/or-callback");
    expect(hit.searchParams.get("code")).toMatch(/^xrcode-/);
    // POST /api/v1/auth/keys is served by the gateway once the route is added (server/services/public-api/handle-api-request.ts).
  });

  test("an unknown app's request is an error page in the reader's language, with the code for developers", async ({ page, baseURL }) => {
    const hits = receiver.hits.length;
    const { challenge } = pkce();
    const unknownApp = `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: "xrapp_no_such_app", redirect_uri: receiver.redirectUri(), scope: "chat", state, code_challenge: challenge, code_challenge_method: "S256" }).toString()}`;
    await page.goto(unknownApp);
    const error = page.getByTestId("oauth-error");
    await expect(error).toContainText("Приложение не найдено (неверный client_id).");
    await expect(page.getByTestId("oauth-error-code")).toHaveText("invalid_client");
    // The server's English description is for apps, not for the reader.
    await expect(error).not.toContainText("unknown client_id");
    expect(receiver.hits.length, "nothing is sent to an unverified redirect URI").toBe(hits);

    // The consent form's own reasons, and a reason this page does not know: a generic message, nothing from the URL.
    await page.goto("/oauth/error?reason=form_expired");
    await expect(error).toContainText("Форма согласия устарела. Начните заново из приложения.");
    await expect(page.getByTestId("oauth-error-code")).toHaveText("form_expired");
    await page.goto("/oauth/error?reason=made_up_reason");
    await expect(error).toContainText("Не удалось обработать запрос. Начните заново из приложения.");
    await expect(error).not.toContainText("made_up_reason");
    await expect(page.getByTestId("oauth-error-code")).toHaveCount(0);

    await page.context().addCookies([{ name: "xr-locale", value: "en", url: baseURL! }]);
    await page.goto(unknownApp);
    await expect(error).toContainText("The app was not found (wrong client_id).");
    await expect(page.getByTestId("oauth-error-code")).toHaveText("invalid_client");
  });
});
