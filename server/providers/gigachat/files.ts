import { createHash, randomUUID } from "node:crypto";
import { badRequest } from "../../core/errors";
import type { Store } from "../../store/types";
import { readImageUrl } from "../image-data";
import type { ChatRequest } from "../openai";
import type { CallContext } from "../types";

/** Of the image formats XRouter admits, those GigaChat's file storage takes (CONFIRMED: jpeg, png, tiff, bmp). */
const GIGACHAT_IMAGE_TYPES = new Set(["image/png", "image/jpeg"]);
/** CONFIRMED (API reference, post-chat): one image per message, at most 10 per request. */
const MAX_IMAGES = 10;

/**
 * How long an uploaded image's file id is reused. How long GigaChat keeps a file is UNCONFIRMED, so a day, and an
 * id GigaChat refuses (the file deleted since) is uploaded again once (see the adapter's withImages).
 */
export const FILE_ID_TTL_MS = 24 * 60 * 60_000;

/** An image of the request as it is uploaded: its data URL (what the message refers to), bytes, type and hash. */
export interface ChatImage {
  url: string;
  bytes: Buffer;
  type: string;
  /** sha256 of the bytes, hex: the same image is uploaded once per account. */
  hash: string;
}

/**
 * The images of the request's user messages, as GigaChat takes them, or a 400 naming the first one it cannot take:
 * a remote URL (GigaChat reads only uploaded files, and XRouter does not fetch a caller's URLs: pass a data URL), a
 * format other than PNG or JPEG, a second image in one message or an eleventh in the request. The 400 is thrown as
 * the gateway's own error, not the upstream's: routing then tries the request's other routes, whose providers may
 * take it, before answering it.
 */
export function chatImages(req: ChatRequest): ChatImage[] {
  const images: ChatImage[] = [];
  req.messages.forEach((message, i) => {
    if (message.role !== "user" || typeof message.content === "string") return;
    let inMessage = 0;
    message.content.forEach((part, j) => {
      if (part.type !== "image_url") return;
      const param = `messages.${i}.content.${j}`;
      const image = readImageUrl(part.image_url.url);
      if (image.kind === "remote") {
        throw badRequest(`${param}: GigaChat takes images only as data URLs (data:image/png;base64,…); XRouter does not fetch image URLs`, param);
      }
      if (image.kind === "invalid") throw badRequest(`${param}.image_url.url: ${image.reason}`, `${param}.image_url.url`);
      if (!GIGACHAT_IMAGE_TYPES.has(image.type)) throw badRequest(`${param}: GigaChat takes PNG and JPEG images, not ${image.type}`, param);
      if (++inMessage > 1) throw badRequest(`${param}: GigaChat takes one image per message`, param);
      if (images.length === MAX_IMAGES) throw badRequest(`${param}: GigaChat takes at most ${MAX_IMAGES} images per request`, param);
      images.push({ url: part.image_url.url, bytes: image.bytes, type: image.type, hash: createHash("sha256").update(image.bytes).digest("hex") });
    });
  });
  return images;
}

/** `POST /files`'s body (multipart/form-data: `file` and `purpose=general`, providers.md §1.4). */
export function uploadForm(image: ChatImage): { body: Buffer; contentType: string } {
  const boundary = `xrouter-${randomUUID()}`;
  const filename = `image.${image.type === "image/png" ? "png" : "jpg"}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${image.type}\r\n\r\n`;
  const tail = `\r\n--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ngeneral\r\n--${boundary}--\r\n`;
  return { body: Buffer.concat([Buffer.from(head), image.bytes, Buffer.from(tail)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface AttachedImages {
  /** File id by the image's URL in the request. */
  ids: Map<string, string>;
  /** The store keys of the ids that were reused rather than uploaded now. */
  reused: string[];
}

/**
 * File ids of one account's images: an image (by the hash of its bytes) is uploaded once and its id kept in the store
 * (shared by the instances) for FILE_ID_TTL_MS. The store only saves uploads: when it fails, the image is uploaded.
 */
export function imageFiles(options: {
  store: Store;
  /** Names the account (a hash of what identifies it): file ids are the account's own. */
  account: string;
  upload: (image: ChatImage, ctx: CallContext) => Promise<string>;
}) {
  const keyOf = (image: ChatImage) => `gigachat:file:${options.account}:${image.hash}`;
  const quietly = async <T>(op: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await op();
    } catch {
      return fallback;
    }
  };

  return {
    async attach(images: ChatImage[], ctx: CallContext): Promise<AttachedImages> {
      const distinct = [...new Map(images.map((image) => [image.hash, image])).values()];
      const keys = distinct.map(keyOf);
      const stored = await quietly(() => options.store.getMany(keys), keys.map(() => null));
      const byHash = new Map<string, string>();
      const reused: string[] = [];
      const uploaded: { key: string; value: string }[] = [];
      await Promise.all(
        distinct.map(async (image, i) => {
          const known = stored[i];
          if (known) reused.push(keys[i]!);
          const id = known ?? (await options.upload(image, ctx));
          if (!known) uploaded.push({ key: keys[i]!, value: id });
          byHash.set(image.hash, id);
        }),
      );
      if (uploaded.length) await quietly(() => options.store.setMany(uploaded, FILE_ID_TTL_MS), undefined);
      return { ids: new Map(images.map((image) => [image.url, byHash.get(image.hash)!])), reused };
    },

    /** Drops ids GigaChat no longer takes, so the next attach uploads their images again. */
    forget: (keys: string[]) => quietly(() => Promise.all(keys.map((key) => options.store.del(key))), []),
  };
}

/** The account part of the store keys: file ids belong to the credentials at one API host. */
export const fileAccount = (credentials: string, scope: string, baseUrl: string) =>
  createHash("sha256").update(`${credentials}\n${scope}\n${baseUrl}`).digest("hex").slice(0, 32);
