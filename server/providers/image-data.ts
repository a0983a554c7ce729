/** The image formats XRouter admits: OpenAI's (PNG, JPEG, WebP, GIF). A provider may take fewer (GigaChat: PNG, JPEG). */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** What an image part's URL holds. */
export type ImageUrl =
  | { kind: "data"; type: ImageType; bytes: Buffer }
  /** An http(s) URL: passed on to providers that fetch images themselves; XRouter never fetches it. */
  | { kind: "remote"; url: string }
  | { kind: "invalid"; reason: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The format of an image by its signature (magic bytes), or undefined when it is none of IMAGE_TYPES. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return undefined;
}

// `data:<type>[;<parameter>]*;base64,<data>`: only base64, as every SDK sends images.
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*);base64,(.*)$/is;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Reads an image part's URL: a base64 data URL of one of IMAGE_TYPES whose bytes are that format (`image/jpg` is
 * taken for `image/jpeg`), or an http(s) URL. Anything else is invalid, with the reason.
 */
export function readImageUrl(url: string): ImageUrl {
  if (/^https?:\/\//i.test(url)) {
    return URL.canParse(url) ? { kind: "remote", url } : { kind: "invalid", reason: "is not a valid URL" };
  }
  if (!/^data:/i.test(url)) return { kind: "invalid", reason: "must be a data URL (data:image/png;base64,…) or an http(s) URL" };
  const match = DATA_URL.exec(url);
  if (!match) return { kind: "invalid", reason: "is not a base64 data URL (data:image/png;base64,…)" };
  const declared = match[1]!.toLowerCase();
  const type = (declared === "image/jpg" ? "image/jpeg" : declared) as ImageType;
  if (!IMAGE_TYPES.includes(type)) {
    return { kind: "invalid", reason: `'${declared || "no type"}' is not a supported image type (${IMAGE_TYPES.join(", ")})` };
  }
  const data = match[3]!;
  if (data.length % 4 !== 0 || !BASE64.test(data)) return { kind: "invalid", reason: "is not valid base64" };
  const bytes = Buffer.from(data, "base64");
  if (bytes.length === 0) return { kind: "invalid", reason: "holds no image" };
  const actual = sniffImageType(bytes);
  if (actual !== type) {
    return { kind: "invalid", reason: `says ${type}, but its bytes are ${actual ?? "not an image of a supported type"}` };
  }
  return { kind: "data", type, bytes };
}

/** How the emulators' echo reply mentions an image that reached them: `[image: 68 bytes png]`. */
export const imageNote = (bytes: number, type: string): string => `[image: ${bytes} bytes ${type.replace(/^image\//, "")}]`;
