/**
 * "Télécharger la fiche": one ZIP with the sheet's printable page and its files, for workshops
 * without a good connection. Images are embedded next to the page; attachment links point to the
 * files inside the archive. Streamed: nothing is held in memory but one part at a time.
 */
import type { Readable } from 'node:stream';
import { documentFiles, renderHtml } from '@malle/editor/render';
import yazl from 'yazl';
import type { Database } from '../../lib/db.ts';
import type { Storage } from '../../lib/storage.ts';
import * as repo from './repo.ts';
import type { VariantRef } from './repo.ts';

type JSONContent = Parameters<typeof documentFiles>[0];

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const PRINT_CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
img{max-width:100%;height:auto}figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444}
.meta{color:#444;font-size:.95rem;border-bottom:1px solid #ccc;padding-bottom:1rem}
.attachment{border:1px solid #ccc;border-radius:4px;padding:.5rem .75rem;margin:.5rem 0}
.attachment-role{display:block;font-size:.85rem;color:#444}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}
@media print{a{color:inherit}}
`;

/** Unique, safe names inside the archive. */
function namer() {
  const used = new Set<string>();
  return (folder: string, name: string) => {
    const clean = name.replace(/[\\/:*?"<>|]/g, '_');
    const dot = clean.lastIndexOf('.');
    const stem = dot > 0 ? clean.slice(0, dot) : clean;
    const ext = dot > 0 ? clean.slice(dot) : '';
    let candidate = `${folder}/${clean}`;
    for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${folder}/${stem} (${i})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

interface ArchivedVersion {
  number: number;
  title: string;
  summary: string;
  body: unknown;
  licence: string;
  authorName: string;
  createdAt: Date;
}

/** Streams a ZIP whose parts are added by `fill`, finishing it afterwards. */
async function zipStream(fill: (zip: yazl.ZipFile) => Promise<void>): Promise<Readable> {
  const zip = new yazl.ZipFile();
  await fill(zip);
  zip.end();
  return zip.outputStream as unknown as Readable;
}

/**
 * Adds one sheet version under `folder` ('' for the root): `fiche.html`, `images/…`, `documents/…`.
 * Only files of that sheet that its version refers to, and that are readable, are included.
 */
async function addSheet(
  zip: yazl.ZipFile,
  deps: { db: Database; storage: Storage; sheetId: string; version: ArchivedVersion; pageUrl: string; folder: string },
): Promise<void> {
  const blocks = documentFiles(deps.version.body as JSONContent);
  const files = new Map(
    (await repo.findFiles(deps.db, [...new Set(blocks.map((b) => b.fileId))]))
      .filter((f) => f.sheet_id === deps.sheetId)
      .map((f) => [f.id, f]),
  );
  const prefix = deps.folder ? `${deps.folder}/` : '';
  const nameFor = namer();
  const paths = new Map<string, string>();

  const addObject = (key: string, archivePath: string) =>
    zip.addReadStreamLazy(`${prefix}${archivePath}`, (callback) => {
      deps.storage.get(key).then(
        (object) =>
          object
            ? callback(null, object.body)
            : callback(new Error(`object ${key} is missing from storage`), undefined as unknown as Readable),
        (error: unknown) => callback(error as Error, undefined as unknown as Readable),
      );
    });

  for (const block of blocks) {
    const file = files.get(block.fileId);
    if (!file || paths.has(`${block.kind}:${file.id}`) || file.status === 'unreadable') continue;
    if (block.kind === 'image') {
      const variants = (file.variants as VariantRef[] | null) ?? [];
      const best = variants.at(-1);
      const archivePath = best ? nameFor('images', `${file.name.replace(/\.[^.]+$/, '')}.webp`) : nameFor('images', file.name);
      addObject(best ? best.key : file.storage_key, archivePath);
      paths.set(`image:${file.id}`, archivePath);
    } else {
      const archivePath = nameFor('documents', file.name);
      addObject(file.storage_key, archivePath);
      paths.set(`attachment:${file.id}`, archivePath);
    }
  }

  const body = renderHtml(deps.version.body, {
    resolveFileUrl: (fileId, kind) => {
      const local = paths.get(`${kind}:${fileId}`);
      return local ? encodeURI(local) : null;
    },
  });
  const v = deps.version;
  const page = htmlPage(
    v.title,
    `<h1>${escapeHtml(v.title)}</h1>
${v.summary ? `<p><strong>${escapeHtml(v.summary)}</strong></p>` : ''}
<p class="meta">Version ${v.number} du ${v.createdAt.toLocaleDateString('fr-FR', { dateStyle: 'long' })}, par ${escapeHtml(v.authorName)}. Licence : ${escapeHtml(v.licence)}.<br>
En ligne : <a href="${escapeHtml(deps.pageUrl)}">${escapeHtml(deps.pageUrl)}</a></p>
${body}`,
  );
  zip.addBuffer(Buffer.from(page, 'utf8'), `${prefix}fiche.html`);
}

function htmlPage(title: string, main: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

/** One sheet version: its printable page at the root, with its images and documents. */
export function sheetArchive(deps: {
  db: Database;
  storage: Storage;
  sheetId: string;
  version: ArchivedVersion;
  pageUrl: string;
}) {
  return zipStream((zip) => addSheet(zip, { ...deps, folder: '' }));
}

/**
 * A collection: an `index.html` listing its sheets (with their notes) and one folder per sheet,
 * in the collection's order. Only the items the viewer may read are given.
 */
export function collectionArchive(deps: {
  db: Database;
  storage: Storage;
  title: string;
  description: string;
  pageUrl: string;
  items: Array<{ sheetId: string; slug: string; note: string; version: ArchivedVersion; pageUrl: string }>;
}) {
  return zipStream(async (zip) => {
    const folders = deps.items.map((item, i) => `${String(i + 1).padStart(2, '0')}-${item.slug}`.slice(0, 90));
    for (const [i, item] of deps.items.entries()) {
      await addSheet(zip, {
        db: deps.db,
        storage: deps.storage,
        sheetId: item.sheetId,
        version: item.version,
        pageUrl: item.pageUrl,
        folder: folders[i]!,
      });
    }
    const list = deps.items
      .map(
        (item, i) =>
          `<li><a href="${encodeURI(folders[i]!)}/fiche.html">${escapeHtml(item.version.title)}</a> (version ${item.version.number})${
            item.note ? `<br><em>${escapeHtml(item.note)}</em>` : ''
          }</li>`,
      )
      .join('\n');
    const index = htmlPage(
      deps.title,
      `<h1>${escapeHtml(deps.title)}</h1>
${deps.description ? `<p>${escapeHtml(deps.description)}</p>` : ''}
<p class="meta">En ligne : <a href="${escapeHtml(deps.pageUrl)}">${escapeHtml(deps.pageUrl)}</a></p>
<ol>
${list}
</ol>`,
    );
    zip.addBuffer(Buffer.from(index, 'utf8'), 'index.html');
  });
}
