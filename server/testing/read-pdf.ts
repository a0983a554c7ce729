import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import jsQR from "jsqr";
import { PNG } from "pngjs";

// Tests read PDFs the way a person's viewer does, with Debian's poppler-utils (pdftotext, pdftoppm; .ci/run installs them).
const run = promisify(execFile);

/** Runs `work` on the PDF written to a temporary folder, which is removed after. */
async function withPdfFile<T>(bytes: Uint8Array, work: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "xr-pdf-"));
  try {
    const file = path.join(dir, "doc.pdf");
    await writeFile(file, bytes);
    return await work(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The text of a PDF (pages separated by form feeds), with no-break spaces as plain spaces so tests can match
 * `12 345,67`: in the order it was drawn (`pdftotext -raw`), or as laid out on the page with `layout`.
 */
export function pdfText(bytes: Uint8Array, options: { layout?: boolean } = {}): Promise<string> {
  return withPdfFile(bytes, async (file) => {
    const mode = options.layout ? "-layout" : "-raw";
    const { stdout } = await run("pdftotext", [mode, "-enc", "UTF-8", file, "-"], { maxBuffer: 16 * 1024 * 1024 });
    return stdout.replace(/[\u00a0\u202f]/g, " ");
  });
}

/** A page rendered to PNG bytes at `dpi` (`pdftoppm -png -r`), for a decoder or a person to look at. */
export function pdfPagePng(bytes: Uint8Array, page = 1, dpi = 150): Promise<Buffer> {
  return withPdfFile(bytes, async (file, dir) => {
    const out = path.join(dir, "page");
    await run("pdftoppm", [
      "-png",
      "-r",
      String(dpi),
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      file,
      out,
    ]);
    return readFile(`${out}.png`);
  });
}

/** The text of the QR code on a page (rendered at 150 dpi, decoded as UTF-8), or undefined when none is found. */
export async function decodePdfQr(bytes: Uint8Array, page = 1): Promise<string | undefined> {
  const png = PNG.sync.read(await pdfPagePng(bytes, page));
  const code = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  return code ? new TextDecoder().decode(new Uint8Array(code.binaryData)) : undefined;
}
