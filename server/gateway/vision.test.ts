import { afterEach, describe, expect, it } from "vitest";
import { IMAGE_TOKENS_ESTIMATE, promptJson } from "../billing/prompt-size";
import { worstCaseChat } from "../billing/hold";
import { deliveredUsage } from "../billing/stream-usage";
import { GatewayError } from "../core/errors";
import type { ChatMessage } from "../providers/openai";
import { chatImageParts, checkImages, imageLimits } from "./vision";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(992, 7)]);
const png = `data:image/png;base64,${PNG.toString("base64")}`;

const ask = (url: string, role: "user" | "system" = "user"): ChatMessage[] => [
  { role: "user", content: "first" },
  { role, content: [{ type: "text", text: "what is it?" }, { type: "image_url", image_url: { url } }] },
];

function refusal(messages: ChatMessage[]): GatewayError {
  try {
    checkImages(chatImageParts(messages));
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error("expected a refusal");
}

const saved = { ...imageLimits };
afterEach(() => Object.assign(imageLimits, saved));

describe("a request's images", () => {
  it("are found with the params that name them", () => {
    expect(chatImageParts(ask(png))).toEqual([{ url: png, role: "user", param: "messages.1.content.1", urlParam: "messages.1.content.1.image_url.url" }]);
    expect(chatImageParts([{ role: "user", content: "no image" }])).toEqual([]);
  });

  it("pass as data URLs of admitted formats and as http(s) URLs", () => {
    expect(() => checkImages(chatImageParts(ask(png)))).not.toThrow();
    expect(() => checkImages(chatImageParts(ask("https://example.com/cat.png")))).not.toThrow();
  });

  it("are refused outside user messages, naming the part", () => {
    const err = refusal(ask(png, "system"));
    expect(err.status).toBe(400);
    expect(err.param).toBe("messages.1.content.1");
    expect(err.message).toBe("messages.1.content.1: images are allowed only in user messages");
  });

  it("are refused when the URL is not an image, naming the URL", () => {
    const err = refusal(ask("data:image/png;base64,aGVsbG8="));
    expect(err.param).toBe("messages.1.content.1.image_url.url");
    expect(err.message).toBe("messages.1.content.1.image_url.url: says image/png, but its bytes are not an image of a supported type");
    expect(refusal(ask("file:///etc/passwd")).message).toContain("must be a data URL");
  });

  it("are refused past the total size, at the image that crosses it", () => {
    imageLimits.totalBytes = 1500;
    const messages: ChatMessage[] = [...ask(png), { role: "user", content: [{ type: "image_url", image_url: { url: png } }] }];
    const err = refusal(messages);
    expect(err.param).toBe("messages.2.content.0.image_url.url");
    expect(err.message).toContain("exceed 1500 bytes in all");
    imageLimits.totalBytes = 2000;
    expect(() => checkImages(chatImageParts(messages))).not.toThrow();
  });

  it("count as a fixed estimate in the worst case and a cut stream's prompt, not as their base64", () => {
    const messages = ask(png);
    expect(promptJson(messages)).toEqual({ json: JSON.stringify(ask("")).replace(',"image_url":{"url":""}', ""), images: 1 });
    // The image's base64 alone would add some 670 tokens to either.
    const worst = worstCaseChat({ messages, max_tokens: 10 }).prompt_tokens;
    expect(worst).toBeGreaterThan(IMAGE_TOKENS_ESTIMATE);
    expect(worst).toBeLessThan(IMAGE_TOKENS_ESTIMATE + 100);
    const cut = deliveredUsage(messages, "").prompt_tokens;
    expect(cut).toBeGreaterThan(IMAGE_TOKENS_ESTIMATE);
    expect(cut).toBeLessThan(IMAGE_TOKENS_ESTIMATE + 50);
  });
});
