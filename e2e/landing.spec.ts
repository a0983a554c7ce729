import { WebSocket } from "ws";
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { xrouter } from "./support/cli";

test("landing page says what XRouter is and links to signup and docs", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("headline")).toHaveText("Один API для российских LLM");
  await expect(page.getByRole("link", { name: "Регистрация" })).toHaveAttribute("href", "/signup");
  await expect(page.getByRole("link", { name: "Документация" })).toHaveAttribute("href", "/docs");
  await page.screenshot({ path: "test-results/landing.png", fullPage: true });
});

test("health and readiness probes answer", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: { ok: true }, store: { ok: true } } });
  const metrics = await request.get("/metrics");
  expect(metrics.status()).toBe(200);
  expect(await metrics.text()).toContain("process_cpu_user_seconds_total");
});

test("a key made by the CLI calls the running server through the openai SDK, on /api/v1 and /v1", async ({ baseURL }) => {
  const email = `e2e-${Date.now()}@example.test`;
  xrouter("user", "create", "--email", email, "--password", "correct horse battery");
  xrouter("credits", "add", "--email", email, "--amount", "10");
  const key = xrouter("key", "create", "--email", email);
  expect(key).toMatch(/^xr-/);
  for (const path of ["/api/v1", "/v1"]) {
    const client = new OpenAI({ baseURL: `${baseURL}${path}`, apiKey: key, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: "gigachat/GigaChat-2",
      messages: [{ role: "user", content: "e2e" }],
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: e2e");
    const stream = await client.chat.completions.create({
      model: "yandex/yandexgpt-lite",
      stream: true,
      messages: [{ role: "user", content: "streamed reply" }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Echo: streamed reply");
  }
});

test("the Responses API's WebSocket mode works on the production server after Next has served pages", async ({ page, baseURL }) => {
  // Next attaches its own upgrade handler once it has served a request: it must not end the API's sockets.
  await page.goto("/");
  const email = `e2e-ws-${Date.now()}@example.test`;
  xrouter("user", "create", "--email", email, "--password", "correct horse battery");
  xrouter("credits", "add", "--email", email, "--amount", "10");
  const key = xrouter("key", "create", "--email", email);
  const socket = new WebSocket(`${baseURL!.replace(/^http/, "ws")}/v1/responses`, { headers: { authorization: `Bearer ${key}` } });
  const events: string[] = [];
  const text = await new Promise<string>((resolve, reject) => {
    socket.on("open", () => socket.send(JSON.stringify({ type: "response.create", model: "mts/qwen3-32b", input: "over a socket" })));
    socket.on("message", (data) => {
      const event = JSON.parse(String(data)) as { type: string; response?: { output: { content?: { text: string }[] }[] } };
      events.push(event.type);
      if (event.type === "response.completed") resolve(event.response!.output[0]!.content![0]!.text);
      else if (event.type === "error" || event.type === "response.failed") reject(new Error(JSON.stringify(event)));
    });
    socket.on("close", (code) => reject(new Error(`closed with ${code} after ${events.join(", ")}`)));
    socket.on("error", reject);
  });
  socket.close();
  expect(text).toBe("Echo: over a socket");
  expect(events[0]).toBe("response.created");
});
