/**
 * PDFs read with pdf.js (the engine of Firefox's viewer), without scripting or eval: page count,
 * text (for search), scripts detection, and the first page rendered for the thumbnail.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Unreadable } from './unreadable.ts';

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** Text beyond this is not useful to search and would bloat the index. */
export const MAX_TEXT_CHARS = 200_000;

export interface PdfResult {
  pageCount: number;
  text: string;
  /** The first page as PNG, `width` pixels wide. */
  firstPage: Buffer;
}

export async function readPdf(file: string, thumbnailWidth: number): Promise<PdfResult> {
  const data = new Uint8Array(await readFile(file));
  let doc: pdfjs.PDFDocumentProxy;
  try {
    doc = await pdfjs.getDocument({
      data,
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl: `${pdfjsRoot}/standard_fonts/`,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if ((error as { name?: string }).name === 'PasswordException') throw new Unreadable('PDF protégé par un mot de passe.');
    throw new Unreadable('PDF endommagé ou incomplet.');
  }
  try {
    if (await doc.getJSActions()) throw new Unreadable('PDF contenant du JavaScript : refusé par sécurité.');
    const texts: string[] = [];
    let length = 0;
    for (let n = 1; n <= doc.numPages && length < MAX_TEXT_CHARS; n++) {
      const page = await doc.getPage(n);
      const annotations = (await page.getAnnotations()) as Array<{ actions?: unknown; unsafeUrl?: string }>;
      if (annotations.some((a) => a.actions || a.unsafeUrl?.trim().toLowerCase().startsWith('javascript:')))
        throw new Unreadable('PDF contenant du JavaScript : refusé par sécurité.');
      const content = await page.getTextContent();
      const text = content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .trim();
      texts.push(text);
      length += text.length;
      page.cleanup();
    }
    const first = await doc.getPage(1);
    const unit = first.getViewport({ scale: 1 });
    const viewport = first.getViewport({ scale: Math.min(4, thumbnailWidth / unit.width) });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await first.render({
      canvasContext: context as unknown as CanvasRenderingContext2D,
      canvas: canvas as unknown as HTMLCanvasElement,
      viewport,
    }).promise;
    return {
      pageCount: doc.numPages,
      text: texts.join('\n\n').slice(0, MAX_TEXT_CHARS),
      firstPage: await canvas.encode('png'),
    };
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    throw new Unreadable('PDF endommagé ou incomplet.');
  } finally {
    await doc.destroy();
  }
}
