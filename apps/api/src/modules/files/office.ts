/**
 * Office files (PPTX, DOCX, XLSX, ODP, ODT, ODS) are ZIP archives of XML parts: their text is read
 * from those parts (for search), slides are counted, and the thumbnail that office suites store in
 * the file is used when there is one.
 */
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { ZIP_LIMITS } from './inspect.ts';
import { Unreadable } from './unreadable.ts';

/** Reads the wanted entries of an archive, refusing entries larger than announced (yauzl) or than `maxEntryBytes`. */
export function readZipEntries(
  path: string,
  wanted: (name: string) => boolean,
  maxEntryBytes = 64 * 1024 * 1024,
): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) return reject(new Unreadable('Archive endommagée.'));
      if (zip.entryCount > ZIP_LIMITS.maxEntries) return reject(new Unreadable('Archive anormale (trop de fichiers).'));
      const found = new Map<string, Buffer>();
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!wanted(entry.fileName) || /\/$/.test(entry.fileName)) return zip.readEntry();
        if (entry.uncompressedSize > maxEntryBytes) return reject(new Unreadable('Archive anormale (partie trop volumineuse).'));
        total += entry.uncompressedSize;
        if (total > ZIP_LIMITS.maxUnpackedBytes)
          return reject(new Unreadable('Archive anormale (trop volumineuse décompressée).'));
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(new Unreadable('Archive endommagée.'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          // yauzl fails the stream when the data is larger than the size the archive announced.
          stream.on('error', () => reject(new Unreadable('Archive endommagée ou piégée.')));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(found));
      zip.on('error', () => reject(new Unreadable('Archive endommagée.')));
      zip.readEntry();
    });
  });
}

/** The text of an XML part: text inside `textElements`, with a line break after each of `breakElements`. */
export function xmlText(xml: string, textElements: ReadonlySet<string>, breakElements: ReadonlySet<string>): string {
  const parser = new SaxesParser({ xmlns: false });
  const out: string[] = [];
  let depth = 0;
  parser.on('opentag', (tag) => {
    if (textElements.has(tag.name)) depth++;
    if (tag.name === 'text:s' || tag.name === 'w:tab' || tag.name === 'text:tab') out.push(' ');
  });
  parser.on('text', (text) => {
    if (depth > 0) out.push(text);
  });
  parser.on('closetag', (tag) => {
    if (textElements.has(tag.name)) depth--;
    if (breakElements.has(tag.name)) out.push('\n');
  });
  try {
    parser.write(xml).close();
  } catch {
    throw new Unreadable('Contenu XML endommagé.');
  }
  return out
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

const OOXML_TEXT = new Set(['a:t', 'w:t', 't']);
const OOXML_BREAKS = new Set(['a:p', 'w:p', 'si']);
const ODF_TEXT = new Set(['text:p', 'text:h']);
const ODF_BREAKS = new Set(['text:p', 'text:h']);

export interface OfficeResult {
  text: string;
  /** Slides of a presentation; null for documents and spreadsheets (no reliable page count). */
  pageCount: number | null;
  /** The preview image stored in the file by the office suite, if any (JPEG or PNG). */
  embeddedThumbnail: Buffer | null;
}

const slideNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

export async function readOffice(path: string, mime: string): Promise<OfficeResult> {
  const odf = mime.startsWith('application/vnd.oasis.opendocument');
  if (odf) {
    const parts = await readZipEntries(path, (n) => n === 'content.xml' || /^Thumbnails\/thumbnail\.png$/.test(n));
    const content = parts.get('content.xml');
    if (!content) throw new Unreadable('Document OpenDocument incomplet (content.xml manquant).');
    const xml = content.toString('utf8');
    const pages = mime.endsWith('presentation') ? (xml.match(/<draw:page[\s>]/g) ?? []).length : null;
    return {
      text: xmlText(xml, ODF_TEXT, ODF_BREAKS),
      pageCount: pages,
      embeddedThumbnail: parts.get('Thumbnails/thumbnail.png') ?? null,
    };
  }
  const isSlides = mime.endsWith('presentation');
  const isSheet = mime.endsWith('sheet');
  const textPart = (n: string) =>
    isSlides ? /^ppt\/slides\/slide\d+\.xml$/.test(n) : isSheet ? n === 'xl/sharedStrings.xml' : n === 'word/document.xml';
  const parts = await readZipEntries(path, (n) => textPart(n) || /^docProps\/thumbnail\.(jpeg|jpg|png)$/.test(n));
  const textParts = [...parts.keys()].filter(textPart).sort((a, b) => slideNumber(a) - slideNumber(b));
  if (!isSheet && textParts.length === 0) throw new Unreadable('Document Office incomplet (aucun contenu).');
  const text = textParts.map((n) => xmlText(parts.get(n)!.toString('utf8'), OOXML_TEXT, OOXML_BREAKS)).join('\n\n');
  const thumbnailName = [...parts.keys()].find((n) => n.startsWith('docProps/thumbnail.'));
  return {
    text,
    pageCount: isSlides ? textParts.length : null,
    embeddedThumbnail: thumbnailName ? parts.get(thumbnailName)! : null,
  };
}
