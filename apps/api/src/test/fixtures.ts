/**
 * Real files generated for tests and benchmarks: PDFs (pdf-lib), images (sharp), office documents
 * (OOXML parts zipped with yazl), and the hostile ones the upload checks must refuse.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import yazl from 'yazl';

/** A PDF of `pages` A4 pages of text, with the given photos (JPEG) in turn when any, like real handouts. */
export async function makePdf(pages: number, text = 'Atelier numérique', photos: Buffer[] = []): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const images = await Promise.all(photos.map((photo) => doc.embedJpg(photo)));
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    const image = images[(i - 1) % Math.max(1, images.length)];
    if (image) page.drawImage(image, { x: 50, y: 40, width: 495, height: 330 });
    page.drawText(`${text} - page ${i}`, { x: 50, y: 760, size: 22, font });
    for (let line = 0; line < 30; line++)
      page.drawText(`Consigne ${line + 1} : repérer un courriel frauduleux et signaler le message.`, {
        x: 50,
        y: 700 - line * 20,
        size: 11,
        font,
      });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export function makePng(width: number, height: number, color = '#2a6f97'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

export function makeJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#f4a261' } })
    .jpeg()
    .toBuffer();
}

/** A photo-like JPEG (noise compresses like a photograph, unlike a flat colour). */
export function makePhoto(width: number, height: number, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = (x >> 16) & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A 1×1 PNG whose header announces `width` × `height` (pixel flood), with a valid CRC. */
export async function makePixelFloodPng(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await makePng(1, 1));
  // IHDR data starts at byte 16: width (4), height (4); its CRC covers type + data (bytes 12..29).
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function zipOf(entries: Array<{ name: string; data: Buffer; compress?: boolean }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { compress: entry.compress ?? true });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');
const escapeXml = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** A PowerPoint deck: one title per slide, and the preview image PowerPoint stores in the file. */
export async function makePptx(slides: string[], options: { thumbnail?: boolean } = {}): Promise<Buffer> {
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const slideParts = slides.map((text, i) => ({
    name: `ppt/slides/slide${i + 1}.xml`,
    data: xml(
      `<p:sld xmlns:p="${P}" xmlns:a="${A}" xmlns:r="${R}"><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:t>${escapeXml(text)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`,
    ),
  }));
  const entries = [
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>${slides
          .map(
            (_, i) =>
              `<Override PartName="/ppt/slides/slide${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`,
          )
          .join('')}</Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>`,
      ),
    },
    {
      name: 'ppt/presentation.xml',
      data: xml(
        `<p:presentation xmlns:p="${P}" xmlns:r="${R}"><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join('')}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>`,
      ),
    },
    {
      name: 'ppt/_rels/presentation.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${R}/slide" Target="slides/slide${i + 1}.xml"/>`).join('')}</Relationships>`,
      ),
    },
    ...slideParts,
    ...(options.thumbnail === false ? [] : [{ name: 'docProps/thumbnail.jpeg', data: await makeJpeg(256, 192) }]),
  ];
  return zipOf(entries);
}

/** A "DOCX" whose one part unpacks to `unpackedMb` megabytes of zeros (zip bomb). */
export async function makeZipBombDocx(unpackedMb: number): Promise<Buffer> {
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      ),
    },
    { name: 'word/document.xml', data: Buffer.alloc(unpackedMb * 1024 * 1024, 0x20) },
  ]);
}

/** A PDF whose document opens with a JavaScript action. */
export async function makePdfWithJavaScript(): Promise<Buffer> {
  const text = (await makePdf(1)).toString('latin1');
  return Buffer.from(
    text.replace('/Type /Catalog', "/Type /Catalog\n/OpenAction << /S /JavaScript /JS (app.alert\\('hello'\\)) >>"),
    'latin1',
  );
}

/** The same JavaScript action, its names spelt with `#xx` escapes (`/JavaScr#69pt`, `/J#53`). */
export async function makePdfWithEscapedJavaScript(): Promise<Buffer> {
  const text = (await makePdf(1)).toString('latin1');
  return Buffer.from(
    text.replace('/Type /Catalog', "/Type /Catalog\n/OpenAction << /S /JavaScr#69pt /J#53 (app.alert\\('hello'\\)) >>"),
    'latin1',
  );
}

/** A PDF that asks for a password (standard security handler; no password given). */
export async function makeEncryptedPdf(): Promise<Buffer> {
  const text = (await makePdf(1)).toString('latin1');
  const hex = (n: number) => 'a1'.repeat(n);
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -44 >>\n/ID [<${hex(16)}> <${hex(16)}>]`;
  return Buffer.from(
    text.replace(/trailer\s*<</, (m) => `${m}\n${encrypt}`),
    'latin1',
  );
}

export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><script>alert(document.cookie)</script><rect width="120" height="80" fill="#2a6f97"/></svg>',
);

/** An ELF header: an executable whatever its name. */
export const EXECUTABLE = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(512, 1)]);
