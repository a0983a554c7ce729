import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatRequest } from "../openai";
import { createOpenAICompatibleProvider } from "./adapter";
import { collect, ctx, rejection } from "./conformance";
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from "./emulator";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const png = `data:image/png;base64,${PNG.toString("base64")}`;

const ask = (model: string, url: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model,
  messages: [{ role: "user", content: [{ type: "text", text: "What is it?" }, { type: "image_url", image_url: { url, detail: "low" } }] }],
  ...extra,
});

describe("openai-compatible images", () => {
  let emulator: OpenAICompatibleEmulator;
  let provider: ReturnType<typeof createOpenAICompatibleProvider>;

  beforeAll(async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ["qwen3-32b", "qwen2.5-vl-72b"], visionModels: ["qwen2.5-vl-72b"] });
    provider = createOpenAICompatibleProvider({ id: "mts", baseUrl: emulator.baseUrl, models: [] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.violations.length = 0;
  });

  it("passes image parts on as they are to a vision model, which sees them", async () => {
    const { completion, dropped } = await provider.chat(ask("qwen2.5-vl-72b", png), ctx());
    expect(completion.choices[0]!.message.content).toBe("Echo: What is it? [image: 12 bytes png]");
    expect(dropped).toEqual([]);
    expect((emulator.lastRequest()!.body as ChatRequest).messages).toEqual(ask("qwen2.5-vl-72b", png).messages);

    const remote = await provider.chatStream(ask("qwen2.5-vl-72b", "https://example.com/cat.png", { stream: true }), ctx());
    const text = (await collect(remote.chunks)).map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Echo: What is it? [image: https://example.com/cat.png]");
    expect(emulator.violations).toEqual([]);
  });

  it("is refused by a model without vision, as vLLM refuses it", async () => {
    const err = await rejection(provider.chat(ask("qwen3-32b", png), ctx()));
    expect(err.status).toBe(400);
    expect(err.message).toContain("qwen3-32b is not a multimodal model");
    expect(emulator.violations).toEqual([{ method: "POST", path: "/v1/chat/completions", status: 400 }]);
  });

  it("refuses an image URL a vision model cannot read", async () => {
    const err = await rejection(provider.chat(ask("qwen2.5-vl-72b", "data:image/png;base64,aGVsbG8="), ctx()));
    expect(err.status).toBe(400);
    expect(err.message).toContain("Invalid image: says image/png, but its bytes are not an image");
  });
});
