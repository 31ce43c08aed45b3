/**
 * What background processing makes of a stored file: image variants (WebP), a thumbnail, the page
 * or slide count and the text (for search). Runs in an isolated thread (see isolate.ts): a hostile
 * file may only fail itself.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Metadata } from 'sharp';
import { MAX_IMAGE_PIXELS } from './inspect.ts';
import type { FileKind } from './media.ts';
import { readOffice } from './office.ts';
import { MAX_TEXT_CHARS, readPdf } from './pdf.ts';
import { Unreadable } from './unreadable.ts';

export const THUMBNAIL_WIDTH = 480;
export const VARIANT_WIDTHS = [480, 960, 1600] as const;

export interface ProcessInput {
  path: string;
  kind: FileKind;
  mime: string;
}

export interface Variant {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ProcessResult =
  | {
      status: 'ready';
      pageCount: number | null;
      text: string | null;
      width: number | null;
      height: number | null;
      thumbnail: Uint8Array | null;
      variants: Variant[];
    }
  | { status: 'unreadable'; reason: string };

async function toWebp(input: Buffer | string, width: number): Promise<Variant> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false })
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

async function processImage(file: string): Promise<ProcessResult> {
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
  } catch {
    throw new Unreadable('Image endommagée ou illisible.');
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const variants: Variant[] = [];
  try {
    for (const target of VARIANT_WIDTHS) {
      if (variants.length > 0 && target > width) break;
      variants.push(await toWebp(file, Math.min(target, width)));
    }
  } catch {
    throw new Unreadable('Image endommagée ou illisible.');
  }
  return { status: 'ready', pageCount: null, text: null, width, height, thumbnail: variants[0]!.data, variants };
}

let sofficeAvailable: Promise<boolean> | undefined;
/** LibreOffice, when installed, renders office files; otherwise they get a type icon. */
function hasSoffice(): Promise<boolean> {
  sofficeAvailable ??= promisify(execFile)('soffice', ['--version'], { timeout: 20_000 }).then(
    () => true,
    () => false,
  );
  return sofficeAvailable;
}

async function renderWithSoffice(file: string): Promise<Buffer | null> {
  if (!(await hasSoffice())) return null;
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'malle-soffice-'));
  try {
    await promisify(execFile)(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${outDir}/profile`,
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        file,
      ],
      { timeout: 60_000 },
    );
    const pdf = (await readdir(outDir)).find((n) => n.endsWith('.pdf'));
    if (!pdf) return null;
    return (await readPdf(path.join(outDir, pdf), THUMBNAIL_WIDTH)).firstPage;
  } catch {
    return null;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export async function processFile(input: ProcessInput): Promise<ProcessResult> {
  try {
    switch (input.kind) {
      case 'image':
        return await processImage(input.path);
      case 'pdf': {
        const pdf = await readPdf(input.path, THUMBNAIL_WIDTH);
        const thumbnail = await toWebp(pdf.firstPage, THUMBNAIL_WIDTH);
        return {
          status: 'ready',
          pageCount: pdf.pageCount,
          text: pdf.text,
          width: null,
          height: null,
          thumbnail: thumbnail.data,
          variants: [],
        };
      }
      case 'slides':
      case 'document':
      case 'spreadsheet': {
        const office = await readOffice(input.path, input.mime);
        const picture = office.embeddedThumbnail ?? (await renderWithSoffice(input.path));
        const thumbnail = picture ? await toWebp(picture, THUMBNAIL_WIDTH).catch(() => null) : null;
        return {
          status: 'ready',
          pageCount: office.pageCount,
          text: office.text.slice(0, MAX_TEXT_CHARS),
          width: null,
          height: null,
          thumbnail: thumbnail?.data ?? null,
          variants: [],
        };
      }
      case 'audio':
      case 'video':
        return { status: 'ready', pageCount: null, text: null, width: null, height: null, thumbnail: null, variants: [] };
    }
  } catch (error) {
    if (error instanceof Unreadable) return { status: 'unreadable', reason: error.reason };
    return { status: 'unreadable', reason: 'Fichier endommagé ou illisible.' };
  }
}
