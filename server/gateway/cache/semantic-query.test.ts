import { describe, expect, it } from "vitest";
import { MAX_SEMANTIC_CHARS, semanticQuery } from "./semantic-query";

const chat = (content: unknown, extra: Record<string, unknown> = {}) => ({
  model: "gigachat/GigaChat-2",
  temperature: 0.2,
  messages: [{ role: "system", content: "Отвечай кратко." }, { role: "user", content }],
  ...extra,
});

describe("semanticQuery", () => {
  it("takes the last user message's text, and buckets requests equal in everything else together", () => {
    const a = semanticQuery("chat.completions", chat("Как сбросить пароль?"))!;
    const b = semanticQuery("chat.completions", chat("Как восстановить пароль?", { stream: true, user: "u1" }))!;
    expect(a.text).toBe("Как сбросить пароль?");
    expect(b.text).toBe("Как восстановить пароль?");
    expect(a.bucket).toBe(b.bucket);
    expect(a.bucket).toMatch(/^[0-9a-f]{64}$/);
  });

  it("puts requests that differ elsewhere in other buckets: model, a parameter, an earlier message, the endpoint", () => {
    const base = semanticQuery("chat.completions", chat("вопрос"))!.bucket;
    const others = [
      semanticQuery("chat.completions", chat("вопрос", { model: "gigachat/GigaChat-2-Max" })),
      semanticQuery("chat.completions", chat("вопрос", { temperature: 0.9 })),
      semanticQuery("chat.completions", chat("вопрос", { max_tokens: 10 })),
      semanticQuery("chat.completions", { ...chat("вопрос"), messages: [{ role: "system", content: "Иначе." }, { role: "user", content: "вопрос" }] }),
      semanticQuery("other", chat("вопрос")),
    ];
    for (const other of others) expect(other!.bucket).not.toBe(base);
  });

  it("joins text parts, and skips images, blank and over-long messages", () => {
    expect(semanticQuery("chat.completions", chat([{ type: "text", text: "один" }, { type: "text", text: "два" }]))?.text).toBe("один\nдва");
    expect(semanticQuery("chat.completions", chat([{ type: "text", text: "что это?" }, { type: "image_url", image_url: { url: "data:," } }]))).toBeUndefined();
    expect(semanticQuery("chat.completions", chat("   "))).toBeUndefined();
    expect(semanticQuery("chat.completions", chat("а".repeat(MAX_SEMANTIC_CHARS)))).toBeDefined();
    expect(semanticQuery("chat.completions", chat("а".repeat(MAX_SEMANTIC_CHARS + 1)))).toBeUndefined();
  });

  it("applies only when the last message is the user's, in a request with messages", () => {
    expect(semanticQuery("chat.completions", { model: "m", messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] })).toBeUndefined();
    expect(semanticQuery("chat.completions", { model: "m", messages: [{ role: "tool", content: "42", tool_call_id: "c" }] })).toBeUndefined();
    expect(semanticQuery("embeddings", { model: "gigachat/Embeddings", input: "a" })).toBeUndefined();
  });
});
