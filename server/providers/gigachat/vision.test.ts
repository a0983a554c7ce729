import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GatewayError } from "../../core/errors";
import { MemoryStore } from "../../store/memory";
import type { ChatCompletionChunk, ChatRequest } from "../openai";
import { startGigaChatEmulator, type GigaChatEmulator } from "./emulator";
import { uploadForm } from "./files";
import { TEST_CREDENTIALS, TEST_SCOPE, ctx, providerFor } from "./testkit";
import { toGigaChatRequest } from "./transform";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A new PNG of `size` bytes (the signature, then noise: the emulators look no further). */
const png = (size = 64) => Buffer.concat([SIGNATURE, randomBytes(size - SIGNATURE.length)]);
const dataUrl = (bytes: Buffer, type = "image/png") => `data:${type};base64,${bytes.toString("base64")}`;

const withImage = (url: string, model = "GigaChat-2-Max", text = "What is on it?"): ChatRequest => ({
  model,
  messages: [{ role: "user", content: [{ type: "text", text }, { type: "image_url", image_url: { url } }] }],
});

async function rejectionOf(promise: Promise<unknown>): Promise<GatewayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

describe("GigaChat images: the transform", () => {
  const files = new Map([
    ["data:one", "file-1"],
    ["data:two", "file-2"],
  ]);
  const image = (url: string) => ({ type: "image_url" as const, image_url: { url } });

  it("sends a user message's image as its file id in `attachments`, with the text", () => {
    const { body, dropped } = toGigaChatRequest({ model: "GigaChat-2-Max", messages: [{ role: "user", content: [{ type: "text", text: "hi" }, image("data:one")] }] }, files);
    expect(body.messages).toEqual([{ role: "user", content: "hi", attachments: ["file-1"] }]);
    expect(dropped).toEqual([]);
  });

  it("merges user messages, but never two images into one message", () => {
    const { body } = toGigaChatRequest(
      {
        model: "GigaChat-2-Max",
        messages: [
          { role: "user", content: "context" },
          { role: "user", content: [image("data:one")] },
          { role: "user", content: [{ type: "text", text: "and" }, image("data:two")] },
          { role: "user", content: "which differs?" },
        ],
      },
      files,
    );
    expect(body.messages).toEqual([
      { role: "user", content: "context", attachments: ["file-1"] },
      { role: "user", content: "and", attachments: ["file-2"] },
      { role: "user", content: "which differs?" },
    ]);
  });

  it("leaves out an image with no uploaded file, and says so", () => {
    const { body, dropped } = toGigaChatRequest({ model: "GigaChat-2-Max", messages: [{ role: "user", content: [{ type: "text", text: "hi" }, image("data:three")] }] });
    expect(body.messages).toEqual([{ role: "user", content: "hi" }]);
    expect(dropped).toEqual(["image_url"]);
  });
});

describe("GigaChat images: the adapter against the emulator", () => {
  let emulator: GigaChatEmulator;
  let store: MemoryStore;

  beforeAll(async () => {
    emulator = await startGigaChatEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    store = new MemoryStore();
    emulator.violations.length = 0;
  });

  it("uploads an image once, sends its file id, and the model sees it", async () => {
    const provider = providerFor(emulator, store);
    const image = png(68);
    const before = emulator.stats.uploads;
    const first = await provider.chat(withImage(dataUrl(image)), ctx());
    expect(first.completion.choices[0]!.message.content).toBe("Echo: What is on it? [image: 68 bytes png]");
    expect(first.dropped).toEqual([]);
    const fileId = emulator.lastChat()!.messages![0]!.attachments![0]!;
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.stats.uploads).toBe(before + 1);

    // The same bytes again, streamed this time, and from another adapter of the account (the store is shared).
    const stream = await providerFor(emulator, store).chatStream({ ...withImage(dataUrl(image), "GigaChat-2-Pro", "Again?"), stream: true }, ctx());
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream.chunks) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: Again? [image: 68 bytes png]");
    expect(emulator.lastChat()!.messages![0]!.attachments).toEqual([fileId]);
    expect(emulator.stats.uploads).toBe(before + 1);
    expect(emulator.violations).toEqual([]);
  });

  it("uploads each distinct image of a request once", async () => {
    const [a, b] = [png(), png()];
    const before = emulator.stats.uploads;
    const req: ChatRequest = {
      model: "GigaChat-2-Max",
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: dataUrl(a) } }] },
        { role: "assistant", content: "seen" },
        { role: "user", content: [{ type: "image_url", image_url: { url: dataUrl(b) } }] },
        { role: "assistant", content: "seen" },
        { role: "user", content: [{ type: "text", text: "first again" }, { type: "image_url", image_url: { url: dataUrl(a) } }] },
      ],
    };
    await providerFor(emulator, store).chat(req, ctx());
    expect(emulator.stats.uploads).toBe(before + 2);
    const sent = emulator.lastChat()!.messages!.map((m) => m.attachments?.[0]);
    expect(sent[0]).toBe(sent[4]);
    expect(sent[2]).not.toBe(sent[0]);
  });

  it("uploads an image again when GigaChat no longer has the file it kept the id of", async () => {
    const provider = providerFor(emulator, store);
    const url = dataUrl(png());
    await provider.chat(withImage(url), ctx());
    emulator.forgetFiles();
    const before = emulator.stats.uploads;
    const again = await provider.chat(withImage(url), ctx());
    expect(again.completion.choices[0]!.message.content).toContain("[image: 64 bytes png]");
    expect(emulator.stats.uploads).toBe(before + 1);
    // The one refusal is the stale id's (a real GigaChat would refuse it too).
    expect(emulator.violations).toEqual([{ method: "POST", path: "/api/v1/chat/completions", status: 404 }]);
  });

  it("refuses what GigaChat cannot take as the gateway's 400, naming the part, before any upload", async () => {
    const provider = providerFor(emulator, store);
    const before = emulator.stats.uploads;
    const remote = await rejectionOf(provider.chat(withImage("https://example.com/cat.png"), ctx()));
    expect(remote.status).toBe(400);
    expect(remote.param).toBe("messages.0.content.1");
    expect(remote.message).toContain("GigaChat takes images only as data URLs");
    const webp = Buffer.from("RIFF\0\0\0\0WEBPVP8 ");
    expect((await rejectionOf(provider.chat(withImage(dataUrl(webp, "image/webp")), ctx()))).message).toContain("GigaChat takes PNG and JPEG images, not image/webp");
    const two: ChatRequest = {
      model: "GigaChat-2-Max",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: dataUrl(png()) } }, { type: "image_url", image_url: { url: dataUrl(png()) } }] }],
    };
    const twice = await rejectionOf(provider.chat(two, ctx()));
    expect([twice.param, twice.message]).toEqual(["messages.0.content.1", "messages.0.content.1: GigaChat takes one image per message"]);
    const eleven: ChatRequest = {
      model: "GigaChat-2-Max",
      messages: Array.from({ length: 11 }, () => ({ role: "user" as const, content: [{ type: "image_url" as const, image_url: { url: dataUrl(png()) } }] })),
    };
    expect((await rejectionOf(provider.chat(eleven, ctx()))).message).toContain("at most 10 images per request");
    expect(emulator.stats.uploads).toBe(before);
  });
});

describe("GigaChat images: the emulator's file storage", () => {
  let emulator: GigaChatEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startGigaChatEmulator();
    const res = await fetch(emulator.authUrl, {
      method: "POST",
      headers: { authorization: `Basic ${TEST_CREDENTIALS}`, rquid: randomUUID(), "content-type": "application/x-www-form-urlencoded" },
      body: `scope=${TEST_SCOPE}`,
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => emulator.close());

  const upload = (body: Buffer, contentType: string, clientId?: string) =>
    fetch(`${emulator.baseUrl}/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": contentType, ...(clientId ? { "x-client-id": clientId } : {}) },
      body: new Uint8Array(body),
    });
  const form = (bytes: Buffer, type = "image/png") => uploadForm({ url: "", bytes, type, hash: "" });
  const chat = (model: string, attachments: string[], clientId?: string) =>
    fetch(`${emulator.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(clientId ? { "x-client-id": clientId } : {}) },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "look", attachments }] }),
    });
  async function refused(res: Response, status: number, message: string) {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ status, message });
    expect(emulator.violations.at(-1)?.status).toBe(status);
    emulator.violations.length = 0;
  }

  it("stores a multipart upload and answers the file's record", async () => {
    const { body, contentType } = form(png(100));
    const res = await upload(body, contentType);
    expect(res.status).toBe(200);
    const file = (await res.json()) as Record<string, unknown>;
    expect(file).toMatchObject({ object: "file", bytes: 100, filename: "image.png", purpose: "general", access_policy: "private" });
    expect(typeof file.id).toBe("string");
  });

  it("refuses a body that is not a form, a missing purpose or file, an unknown type, and bytes that are not the image", async () => {
    await refused(await upload(Buffer.from("{}"), "application/json"), 400, "Bad request: the body must be multipart/form-data");
    const { body, contentType } = form(png());
    const noPurpose = Buffer.from(body.toString("latin1").replace(/\r\n--[^\r]+\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ngeneral/, ""), "latin1");
    await refused(await upload(noPurpose, contentType), 400, "Invalid params: purpose must be general or assistant");
    const webp = form(png(), "image/webp");
    await refused(await upload(webp.body, webp.contentType), 400, "Unsupported file type: image/webp");
    const fake = form(Buffer.from("not a png at all"));
    await refused(await upload(fake.body, fake.contentType), 400, "The file is not a valid image/png image");
  });

  it("lets a chat attach only its own files, one image a message, on a model with vision", async () => {
    const mine = form(png());
    const { id } = (await (await upload(mine.body, mine.contentType, "client-a")).json()) as { id: string };
    const ok = await chat("GigaChat-2-Max", [id], "client-a");
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("Echo: look [image: 64 bytes png]");
    await refused(await chat("GigaChat-2-Max", [id], "client-b"), 403, `Access to file '${id}' is denied`);
    await refused(await chat("GigaChat-2-Max", [id]), 403, `Access to file '${id}' is denied`);
    await refused(await chat("GigaChat-2", [id], "client-a"), 422, "Invalid params: model GigaChat-2 does not support images");
    await refused(await chat("GigaChat-2-Max", [id, id], "client-a"), 422, "Invalid params: messages[0] may have only one image");
    await refused(await chat("GigaChat-2-Max", ["no-such-file"], "client-a"), 404, "File 'no-such-file' not found");
    await refused(await chat("GigaChat-2-Max", "file" as unknown as string[], "client-a"), 422, "Invalid params: messages[0].attachments must be an array of file ids");
  });
});
