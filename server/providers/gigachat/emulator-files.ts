import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { imageNote, sniffImageType } from "../image-data";
import type { GigaChatFile } from "./wire";

/**
 * The GigaChat emulator's file storage (`POST /files`) and what a chat's `attachments` may refer to. CONFIRMED
 * ("Обработка файлов", post-chat reference, Feb 2026): multipart `file` + `purpose`; the formats below; an image at
 * most 15 MB; one image per message and at most 10 per request; access bound to the uploading request's
 * `X-Client-ID` (403 "Access to file '<id>' is denied"). Every other status and text is UNCONFIRMED.
 */

/** Images, by the MIME types the docs list (older pages write image/jpg). */
const IMAGE_TYPES = new Set(["image/jpeg", "image/jpg", "image/png", "image/tiff", "image/bmp"]);
/** Text documents and audio, as listed. */
const OTHER_TYPES = new Set([
  "text/plain",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/pdf",
  "application/epub",
  "application/ppt",
  "application/pptx",
  "audio/mp4",
  "audio/mp3",
  "audio/x-m4a",
  "audio/x-wav",
  "audio/wave",
  "audio/wav",
  "audio/x-pn-wav",
  "audio/webm",
  "audio/x-ogg",
]);
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
const MAX_IMAGES_PER_REQUEST = 10;
/** The SDK's `purpose` values (Python SDK `upload_file`: "general" by default, or "assistant"). */
const PURPOSES = new Set(["general", "assistant"]);

interface StoredFile {
  file: GigaChatFile;
  type: string;
  /** The `X-Client-ID` of the upload (undefined without one): only requests with the same may use the file. */
  clientId?: string;
}

/** A refusal: the status and the `message` of GigaChat's `{status, message}` body. */
export interface Refusal {
  status: number;
  message: string;
}

interface FormPart {
  type?: string;
  filename?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body by field name, or undefined when it is not one. */
function parseForm(raw: Buffer, contentType: string | undefined): Map<string, FormPart> | undefined {
  const match = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const parts = new Map<string, FormPart>();
  let at = raw.indexOf(delimiter);
  if (at < 0) return undefined;
  at += delimiter.length;
  while (raw.subarray(at, at + 2).toString() === "\r\n") {
    const end = raw.indexOf(next, at + 2);
    if (end < 0) return undefined;
    const part = raw.subarray(at + 2, end);
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) return undefined;
    const headers = new Map(
      part
        .subarray(0, split)
        .toString("latin1")
        .split("\r\n")
        .map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    const disposition = headers.get("content-disposition") ?? "";
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
    if (name !== undefined) {
      parts.set(name, { type: headers.get("content-type"), filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1], data: part.subarray(split + 4) });
    }
    at = end + next.length;
  }
  return raw.subarray(at, at + 2).toString() === "--" ? parts : undefined;
}

/** An image's bytes are what its type says (for the types the shared sniffer knows: PNG and JPEG here). */
function bytesMatch(type: string, data: Buffer): boolean {
  const normal = type === "image/jpg" ? "image/jpeg" : type;
  return normal !== "image/png" && normal !== "image/jpeg" ? true : sniffImageType(data) === normal;
}

const clientIdOf = (req: IncomingMessage) => {
  const value = req.headers["x-client-id"];
  return Array.isArray(value) ? value[0] : value;
};

export function emulatedFiles(visionModels: ReadonlySet<string>) {
  const files = new Map<string, StoredFile>();

  /** `POST /files`: the file's record, or the refusal. */
  function upload(req: IncomingMessage, raw: Buffer): { file: GigaChatFile } | Refusal {
    const form = parseForm(raw, req.headers["content-type"]);
    if (!form) return { status: 400, message: "Bad request: the body must be multipart/form-data" };
    const purpose = form.get("purpose")?.data.toString("utf8");
    if (!purpose || !PURPOSES.has(purpose)) return { status: 400, message: "Invalid params: purpose must be general or assistant" };
    const part = form.get("file");
    if (!part || part.data.length === 0) return { status: 400, message: "Invalid params: file is required" };
    const type = (part.type ?? "").toLowerCase();
    const image = IMAGE_TYPES.has(type);
    if (!image && !OTHER_TYPES.has(type)) return { status: 400, message: `Unsupported file type: ${type || "none"}` };
    if (image && part.data.length > MAX_IMAGE_BYTES) return { status: 413, message: "File is too large" };
    if (image && !bytesMatch(type, part.data)) return { status: 400, message: `The file is not a valid ${type} image` };
    const file: GigaChatFile = {
      id: randomUUID(),
      object: "file",
      bytes: part.data.length,
      created_at: Math.floor(Date.now() / 1000),
      filename: part.filename ?? "file",
      purpose,
      access_policy: "private",
    };
    files.set(file.id, { file, type, clientId: clientIdOf(req) });
    return { file };
  }

  /** What the chat's `attachments` break, if anything (the body already passed chatViolation). */
  function attachmentRefusal(req: IncomingMessage, body: { model?: string; messages?: { attachments?: string[] }[] }): Refusal | undefined {
    let images = 0;
    for (const [i, message] of (body.messages ?? []).entries()) {
      let inMessage = 0;
      for (const id of message.attachments ?? []) {
        const stored = files.get(id);
        if (!stored) return { status: 404, message: `File '${id}' not found` };
        if (stored.clientId !== clientIdOf(req)) return { status: 403, message: `Access to file '${id}' is denied` };
        if (!IMAGE_TYPES.has(stored.type)) continue;
        if (!visionModels.has(body.model ?? "")) return { status: 422, message: `Invalid params: model ${body.model} does not support images` };
        if (++inMessage > 1) return { status: 422, message: `Invalid params: messages[${i}] may have only one image` };
        if (++images > MAX_IMAGES_PER_REQUEST) return { status: 422, message: `Invalid params: at most ${MAX_IMAGES_PER_REQUEST} images per request` };
      }
    }
    return undefined;
  }

  /** What the echo reply says about a message's attached images (`[image: 68 bytes png]`). */
  const notes = (ids: string[] | undefined): string[] =>
    (ids ?? []).flatMap((id) => {
      const stored = files.get(id);
      return stored && IMAGE_TYPES.has(stored.type) ? [imageNote(stored.file.bytes, stored.type)] : [];
    });

  return { upload, attachmentRefusal, notes, forget: () => files.clear() };
}
