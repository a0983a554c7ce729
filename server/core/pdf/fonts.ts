import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");

let files: Promise<[Uint8Array, Uint8Array]> | undefined;
/** DejaVu Sans (regular and bold), read once: it has the Cyrillic glyphs the standard PDF fonts lack. */
function loadFonts(): Promise<[Uint8Array, Uint8Array]> {
  files ??= Promise.all([
    readFile(path.join(FONT_DIR, "DejaVuSans.ttf")),
    readFile(path.join(FONT_DIR, "DejaVuSans-Bold.ttf")),
  ]).catch((err: unknown) => {
    files = undefined;
    throw err;
  });
  return files;
}

export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Embeds DejaVu Sans regular and bold into a document (subset: only the glyphs used). */
export async function embedDejaVu(doc: PDFDocument): Promise<PdfFonts> {
  doc.registerFontkit(fontkit);
  const [regular, bold] = await loadFonts();
  return { regular: await doc.embedFont(regular, { subset: true }), bold: await doc.embedFont(bold, { subset: true }) };
}
