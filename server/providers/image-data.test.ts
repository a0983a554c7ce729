import { describe, expect, it } from "vitest";
import { imageNote, readImageUrl, sniffImageType } from "./image-data";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString("base64")}`;

describe("image data", () => {
  it("tells the admitted formats by their signature", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("GIF89a……"))).toBe("image/gif");
    expect(sniffImageType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("RIFF\0\0\0\0WAVEfmt "))).toBeUndefined();
    expect(sniffImageType(Buffer.from("BM\0\0"))).toBeUndefined();
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
  });

  it("reads a base64 data URL into its bytes and type (image/jpg taken for image/jpeg)", () => {
    expect(readImageUrl(dataUrl("image/png", PNG))).toEqual({ kind: "data", type: "image/png", bytes: PNG });
    expect(readImageUrl(dataUrl("image/JPG", JPEG))).toEqual({ kind: "data", type: "image/jpeg", bytes: JPEG });
    expect(readImageUrl(`data:image/png;name=a.png;base64,${PNG.toString("base64")}`)).toMatchObject({ kind: "data", type: "image/png" });
  });

  it("passes http(s) URLs on as they are", () => {
    expect(readImageUrl("https://example.com/cat.png")).toEqual({ kind: "remote", url: "https://example.com/cat.png" });
    expect(readImageUrl("http://[::1")).toEqual({ kind: "invalid", reason: "is not a valid URL" });
  });

  it.each([
    ["file:///etc/passwd", "must be a data URL"],
    ["ftp://example.com/a.png", "must be a data URL"],
    ["data:image/png,rawbytes", "is not a base64 data URL"],
    [dataUrl("image/bmp", PNG), "'image/bmp' is not a supported image type"],
    [dataUrl("text/html", PNG), "'text/html' is not a supported image type"],
    ["data:image/png;base64,iVBORw0KGgo!", "is not valid base64"],
    ["data:image/png;base64,iVBORw0KGg", "is not valid base64"],
    ["data:image/png;base64,", "holds no image"],
    [dataUrl("image/png", JPEG), "says image/png, but its bytes are image/jpeg"],
    [dataUrl("image/gif", Buffer.from("not an image")), "says image/gif, but its bytes are not an image of a supported type"],
  ])("refuses %s", (url, reason) => {
    const read = readImageUrl(url);
    expect(read.kind).toBe("invalid");
    expect(read.kind === "invalid" && read.reason).toContain(reason);
  });

  it("names an image the way the emulators' echo does", () => {
    expect(imageNote(68, "image/png")).toBe("[image: 68 bytes png]");
  });
});
