import { badRequest } from "../core/errors";
import { readImageUrl } from "../providers/image-data";
import type { ChatMessage } from "../providers/openai";

/** Limits on a request's images (tests lower them). The JSON body limit (MAX_BODY_BYTES) binds first today. */
export const imageLimits = {
  /** Decoded bytes of all the request's data-URL images together. */
  totalBytes: 10 * 1024 * 1024,
};

/** An image part of a request, with the params that name it in the request's own terms. */
export interface ImagePart {
  url: string;
  role: string;
  /** The part (`messages.0.content.1`; Responses: `input.0.content.1`): what a refusal of the image as such names. */
  param: string;
  /** Its URL (`messages.0.content.1.image_url.url`; Responses: `input.0.content.1.image_url`): what a refusal of the URL names. */
  urlParam: string;
}

/** The image parts of chat messages, in order. */
export const chatImageParts = (messages: ChatMessage[]): ImagePart[] =>
  messages.flatMap((message, i) =>
    Array.isArray(message.content)
      ? message.content.flatMap((part, j) =>
          part.type === "image_url"
            ? [{ url: part.image_url.url, role: message.role, param: `messages.${i}.content.${j}`, urlParam: `messages.${i}.content.${j}.image_url.url` }]
            : [],
        )
      : [],
  );

/**
 * A request's images, checked before it is routed (a 400 naming the part otherwise): only in user messages (as
 * OpenAI requires); each a base64 data URL of PNG, JPEG, WebP or GIF whose bytes are that format, or an http(s)
 * URL, which is passed on as it is to providers that fetch images themselves (XRouter never fetches one: no
 * request of a caller's makes the server call an address the caller chose); at most imageLimits.totalBytes
 * decoded in all.
 */
export function checkImages(parts: ImagePart[]): void {
  let total = 0;
  for (const part of parts) {
    if (part.role !== "user") throw badRequest(`${part.param}: images are allowed only in user messages`, part.param);
    const image = readImageUrl(part.url);
    if (image.kind === "invalid") throw badRequest(`${part.urlParam}: ${image.reason}`, part.urlParam);
    if (image.kind !== "data") continue;
    total += image.bytes.length;
    if (total > imageLimits.totalBytes) {
      throw badRequest(`${part.urlParam}: the request's images exceed ${imageLimits.totalBytes} bytes in all`, part.urlParam);
    }
  }
}
