import { describe, expect, it } from "vitest";
import type { PlaygroundMessage } from "@/server/services/playground/types";
import { failureView, parseFailure, withoutEmptyAnswer } from "./errors";
import { playgroundMessages } from "./messages";

const { ru, en } = playgroundMessages;
const fail = (body: object) => new Error(JSON.stringify(body));

describe("playground failures", () => {
  it("explains a 402 as insufficient funds with a top-up, in both languages", () => {
    const failure = parseFailure(fail({ error: "insufficient balance: 0.00 RUB available", status: 402, code: "insufficient_quota" }));
    expect(failureView(failure, ru, [])).toEqual({ title: "Недостаточно средств", hint: ru.topUp, action: "topup" });
    expect(failureView(failure, en, [])).toMatchObject({ title: "Insufficient funds", action: "topup" });
  });

  it("tells when to retry a 429, from Retry-After or in a few seconds", () => {
    const limited = parseFailure(fail({ error: "rate limit of 5 requests per minute reached", status: 429, retryAfter: 17 }));
    expect(failureView(limited, ru, [])).toEqual({ title: "Слишком много запросов", hint: "Повторите через 17 с.", action: "retry" });
    expect(failureView(limited, en, []).hint).toBe("Retry in 17 s.");
    expect(failureView({ error: "busy", status: 429 }, ru, []).hint).toBe("Повторите через несколько секунд.");
  });

  it("names the models that take tools when the chosen one does not", () => {
    const failure = { error: "model 'x' does not support what this request uses (tools)", status: 400, code: "unsupported_parameter", param: "tools" };
    expect(failureView(failure, ru, ["GigaChat 2", "YandexGPT"])).toEqual({
      title: "Эта модель не поддерживает инструменты",
      hint: "Инструменты поддерживают: GigaChat 2, YandexGPT.",
      action: "retry",
    });
    expect(failureView(failure, en, ["GigaChat 2"]).hint).toBe("Models with tools: GigaChat 2.");
  });

  it("never shows the gateway's English sentence", () => {
    const upstream = parseFailure(fail({ error: "upstream provider 'gigachat' error (5xx): boom", status: 502 }));
    for (const [m, expected] of [
      [ru, "Модель сейчас недоступна: повторите позже или выберите другую (HTTP 502)"],
      [en, "The model is unavailable right now: retry later or pick another one (HTTP 502)"],
    ] as const) {
      const view = failureView(upstream, m, []);
      expect(view.title).toBe(expected);
      expect(JSON.stringify(view)).not.toContain("upstream");
    }
    expect(failureView(parseFailure(new Error("Failed to fetch")), ru, []).title).toBe(ru.errNetwork);
    expect(failureView({ error: "unknown chat model 'x'", status: 400 }, en, []).title).toBe(`${en.errBadRequest} (HTTP 400)`);
  });

  it("drops the failed turn's empty answer bubble and keeps real answers", () => {
    const user: PlaygroundMessage = { id: "1", role: "user", parts: [{ type: "text", text: "hi" }] };
    const empty: PlaygroundMessage = { id: "2", role: "assistant", parts: [{ type: "step-start" }] };
    const answered: PlaygroundMessage = { id: "3", role: "assistant", parts: [{ type: "text", text: "Echo: hi" }] };
    expect(withoutEmptyAnswer([user, empty])).toEqual([user]);
    const kept = [user, answered];
    expect(withoutEmptyAnswer(kept)).toBe(kept);
  });
});
