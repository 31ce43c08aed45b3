/**
 * Verification of an uploaded file before it is stored: its type is sniffed from its bytes
 * (file-type), its name must agree with that type, ZIP containers (office files) must unpack to a
 * sane size and entry count, images must have sane dimensions, PDFs must not carry scripts or
 * launch actions, SVG is converted to PNG. Anything else is refused with a French reason.
 */
import { open, readFile, writeFile } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import yauzl from 'yauzl';
import { AppError, fieldError } from '../../lib/errors.ts';
import { ACCEPTED_LIST, acceptedType, extensionOf, formatSize, type AcceptedType, type Purpose } from './media.ts';

export interface Limits {
  maxBytes: number;
  imageMaxBytes: number;
}

/** Beyond these, a ZIP container is a zip bomb or an absurd document, not workshop material. */
export const ZIP_LIMITS = { maxEntries: 5_000, maxUnpackedBytes: 500 * 1024 * 1024, maxRatio: 200 };
/** Pixel flood guard: 50 megapixels is far beyond any photo or slide a sheet needs. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface Inspected {
  type: AcceptedType;
  /** Set when the stored bytes differ from the uploaded ones (SVG converted to PNG). */
  convertedPath?: string;
  name: string;
  width?: number;
  height?: number;
}

const unsupported = (message: string) => fieldError('unsupported_media_type', 'file', message);
const tooLarge = (message: string) => fieldError('payload_too_large', 'file', message);

export function sizeLimitFor(purpose: Purpose, limits: Limits): number {
  return purpose === 'image' ? limits.imageMaxBytes : limits.maxBytes;
}

export function tooLargeError(purpose: Purpose, limits: Limits): AppError {
  return purpose === 'image'
    ? tooLarge(`Cette image dépasse la taille maximale de ${formatSize(limits.imageMaxBytes)}. Réduisez-la avant de l’envoyer.`)
    : tooLarge(
        `Ce fichier dépasse la taille maximale de ${formatSize(limits.maxBytes)}. Pour une vidéo, publiez-la sur une plateforme vidéo et utilisez le bloc « Vidéo ».`,
      );
}

async function looksLikeSvg(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head);
  } finally {
    await handle.close();
  }
}

/**
 * SVG may carry scripts and references to other resources. It is never stored as such: it is
 * rendered to PNG (librsvg, through sharp, fetches nothing and runs no script), after refusing
 * entity declarations (billion-laughs) outright.
 */
async function convertSvg(path: string): Promise<{ convertedPath: string; width: number; height: number }> {
  const text = await readFile(path, 'utf8');
  if (/<!ENTITY/i.test(text)) throw unsupported('Cette image SVG contient des déclarations d’entités et a été refusée.');
  try {
    const image = sharp(Buffer.from(text), { limitInputPixels: MAX_IMAGE_PIXELS, density: 96 });
    const meta = await image.metadata();
    const convertedPath = `${path}.png`;
    const output = await image
      .resize({ width: Math.min(meta.width ?? 1600, 2400), withoutEnlargement: true })
      .png()
      .toBuffer({ resolveWithObject: true });
    await writeFile(convertedPath, output.data);
    return { convertedPath, width: output.info.width, height: output.info.height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unsupported('Cette image SVG est illisible ou trop grande et a été refusée.');
  }
}

/** Reads the ZIP central directory only: entry count and announced sizes (yauzl also enforces them when unpacking). */
export function checkZip(path: string): Promise<void> {
  const bomb = () => unsupported('Ce document est anormalement volumineux une fois décompressé et a été refusé.');
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) return reject(unsupported('Ce document est endommagé (archive illisible).'));
      if (zip.entryCount > ZIP_LIMITS.maxEntries) {
        zip.close();
        return reject(bomb());
      }
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize;
        if (total > ZIP_LIMITS.maxUnpackedBytes || (entry.uncompressedSize > 1024 * 1024 && ratio > ZIP_LIMITS.maxRatio)) {
          zip.close();
          return reject(bomb());
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(unsupported('Ce document est endommagé (archive illisible).')));
      zip.readEntry();
    });
  });
}

/**
 * PDF actions that run code or open other programs. Checked on the raw bytes here (uncompressed
 * dictionaries) and again by pdf.js in processing (compressed object streams). PDF names may
 * spell any character as `#xx` (`/JavaScr#69pt` is `/JavaScript`): names are decoded first.
 */
export async function pdfHasActiveContent(path: string): Promise<boolean> {
  const text = (await readFile(path)).toString('latin1');
  const names = text.replace(/\/[^\s/<>[\]()%{}]+/g, (name) =>
    name.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
  );
  return /\/(JavaScript|JS|Launch)(?=[\s/<>()[\]]|$)/.test(names);
}

export async function inspectUpload(input: {
  path: string;
  size: number;
  name: string;
  purpose: Purpose;
  limits: Limits;
}): Promise<Inspected> {
  if (input.size === 0) throw fieldError('validation_failed', 'file', 'Ce fichier est vide.');
  const sniffed = await fileTypeFromFile(input.path);
  let type = sniffed ? acceptedType(sniffed.mime) : undefined;
  const declaredExt = extensionOf(input.name);
  let name = input.name;
  let convertedPath: string | undefined;
  let dims: { width?: number; height?: number } = {};

  if ((!sniffed || sniffed.ext === 'xml') && (await looksLikeSvg(input.path))) {
    if (declaredExt !== 'svg') throw unsupported('Le contenu de ce fichier (image SVG) ne correspond pas à son extension.');
    const converted = await convertSvg(input.path);
    convertedPath = converted.convertedPath;
    dims = { width: converted.width, height: converted.height };
    type = acceptedType('image/png');
    name = `${name.slice(0, -'.svg'.length) || 'image'}.png`;
  } else if (!type) {
    const what = sniffed ? ` (${sniffed.ext.toUpperCase()})` : '';
    throw unsupported(`Ce type de fichier${what} n’est pas accepté. Formats acceptés : ${ACCEPTED_LIST}.`);
  } else if (declaredExt === '') {
    name = `${name}.${type.extensions[0]}`;
  } else if (!type.extensions.includes(declaredExt)) {
    throw unsupported(
      `Le contenu de ce fichier (${type.label}) ne correspond pas à son extension (.${declaredExt}). Renommez-le ou choisissez le bon fichier.`,
    );
  }
  if (!type) throw unsupported(`Ce type de fichier n’est pas accepté. Formats acceptés : ${ACCEPTED_LIST}.`);

  if (input.purpose === 'image' && type.kind !== 'image')
    throw unsupported(`Ce fichier n’est pas une image (c’est un fichier ${type.label}). Ajoutez-le plutôt comme pièce jointe.`);
  if (input.size > (type.kind === 'image' ? input.limits.imageMaxBytes : input.limits.maxBytes))
    throw tooLargeError(type.kind === 'image' ? 'image' : 'attachment', input.limits);

  if (type.zip) await checkZip(input.path);
  if (type.kind === 'pdf' && (await pdfHasActiveContent(input.path))) throw new AppError('unsafe_file');
  if (type.kind === 'image' && !convertedPath) {
    let meta: Metadata;
    try {
      meta = await sharp(input.path, { limitInputPixels: false }).metadata();
    } catch {
      throw unsupported('Cette image est endommagée et ne peut pas être lue.');
    }
    const pixels = (meta.width ?? 0) * (meta.height ?? 0) * (meta.pages ?? 1);
    if (!meta.width || !meta.height) throw unsupported('Cette image est endommagée et ne peut pas être lue.');
    if (pixels > MAX_IMAGE_PIXELS)
      throw unsupported(
        `Cette image annonce ${meta.width} × ${meta.height} pixels : c’est bien au-delà de ce qu’une fiche peut afficher. Réduisez-la avant de l’envoyer.`,
      );
    dims = { width: meta.width, height: meta.height };
  }
  return { type, name, ...(convertedPath ? { convertedPath } : {}), ...dims };
}
