import { describe, expect, it } from "vitest";
import { billedStreamUsage, billsDelivered, deliveredUsage, type StreamEnd } from "./stream-usage";

const prompt = [{ role: "user", content: "Привет, как дела?" }];
const promptEstimate = Math.ceil(JSON.stringify(prompt).length / 4);
const delivered = "Echo: Привет, как";
const end = (over: Partial<StreamEnd> = {}): StreamEnd => ({ prompt, delivered, started: true, complete: false, ...over });

describe("deliveredUsage", () => {
  it("estimates both parts at 4 characters a token when nothing else is known", () => {
    expect(deliveredUsage(prompt, delivered)).toEqual({
      prompt_tokens: promptEstimate,
      completion_tokens: Math.ceil(delivered.length / 4),
      total_tokens: promptEstimate + Math.ceil(delivered.length / 4),
    });
  });

  it("takes the tokenizer's counts over the estimate, and the upstream's prompt over the tokenizer's", () => {
    expect(deliveredUsage(prompt, delivered, undefined, { prompt: 9, delivered: 3 })).toEqual({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 });
    expect(deliveredUsage(prompt, delivered, { prompt_tokens: 7, completion_tokens: 0 }, { prompt: 9, delivered: 3 })).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 });
  });

  it("estimates a part the tokenizer did not count", () => {
    expect(deliveredUsage(prompt, delivered, undefined, { delivered: 3 })).toMatchObject({ prompt_tokens: promptEstimate, completion_tokens: 3 });
    expect(deliveredUsage(prompt, delivered, undefined, { prompt: 9 })).toMatchObject({ prompt_tokens: 9, completion_tokens: Math.ceil(delivered.length / 4) });
  });

  it("does not believe a count that is no count, or more tokens than the text has bytes", () => {
    const estimate = Math.ceil(delivered.length / 4);
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(deliveredUsage(prompt, delivered, undefined, { prompt: bad, delivered: bad })).toMatchObject({ prompt_tokens: promptEstimate, completion_tokens: estimate });
    }
    expect(deliveredUsage(prompt, delivered, undefined, { delivered: Buffer.byteLength(delivered) + 1 }).completion_tokens).toBe(estimate);
    expect(deliveredUsage(prompt, delivered, undefined, { delivered: Buffer.byteLength(delivered) }).completion_tokens).toBe(Buffer.byteLength(delivered));
  });
});

describe("billedStreamUsage", () => {
  const reported = { prompt_tokens: 11, completion_tokens: 22 };

  it("bills nothing for a stream that ended before its first token", () => {
    expect(billsDelivered(end({ started: false }))).toBe(false);
    expect(billedStreamUsage(end({ started: false }), { prompt: 9, delivered: 3 })).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it("bills a complete stream at the upstream's usage, never by the tokenizer", () => {
    expect(billsDelivered(end({ complete: true, reported: { ...reported } }))).toBe(false);
    expect(billedStreamUsage(end({ complete: true, reported: { ...reported } }), { prompt: 9, delivered: 3 })).toEqual({ ...reported, total_tokens: 33 });
  });

  it("bills a cut stream, even one with a usage report, and a complete one without, for what was delivered, counted where counted", () => {
    for (const cut of [end(), end({ reported: { ...reported } }), end({ complete: true })]) {
      expect(billsDelivered(cut)).toBe(true);
      expect(billedStreamUsage(cut, { prompt: 9, delivered: 3 }).completion_tokens).toBe(3);
      expect(billedStreamUsage(cut).completion_tokens).toBe(Math.ceil(delivered.length / 4));
    }
  });
});
