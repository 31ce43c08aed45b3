/**
 * What Malle accepts as files, by type sniffed from the bytes (never the declared type or name), and
 * the names shown to people.
 */
export type FileKind = 'pdf' | 'slides' | 'document' | 'spreadsheet' | 'image' | 'audio' | 'video';
export type Purpose = 'image' | 'attachment';

export interface AcceptedType {
  mime: string;
  kind: FileKind;
  /** Extensions a file of this type may carry; the first is the canonical one. */
  extensions: string[];
  /** French name, as shown on the sheet ("PDF", "Diaporama PowerPoint"). */
  label: string;
  /** ZIP containers are checked for zip bombs before being accepted. */
  zip?: boolean;
}

export const ACCEPTED_TYPES: readonly AcceptedType[] = [
  { mime: 'application/pdf', kind: 'pdf', extensions: ['pdf'], label: 'PDF' },
  {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    kind: 'slides',
    extensions: ['pptx'],
    label: 'Diaporama PowerPoint',
    zip: true,
  },
  {
    mime: 'application/vnd.oasis.opendocument.presentation',
    kind: 'slides',
    extensions: ['odp'],
    label: 'Diaporama OpenDocument',
    zip: true,
  },
  {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'document',
    extensions: ['docx'],
    label: 'Document Word',
    zip: true,
  },
  {
    mime: 'application/vnd.oasis.opendocument.text',
    kind: 'document',
    extensions: ['odt'],
    label: 'Document OpenDocument',
    zip: true,
  },
  {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'spreadsheet',
    extensions: ['xlsx'],
    label: 'Tableur Excel',
    zip: true,
  },
  {
    mime: 'application/vnd.oasis.opendocument.spreadsheet',
    kind: 'spreadsheet',
    extensions: ['ods'],
    label: 'Tableur OpenDocument',
    zip: true,
  },
  { mime: 'image/png', kind: 'image', extensions: ['png'], label: 'Image PNG' },
  { mime: 'image/jpeg', kind: 'image', extensions: ['jpg', 'jpeg'], label: 'Image JPEG' },
  { mime: 'image/webp', kind: 'image', extensions: ['webp'], label: 'Image WebP' },
  { mime: 'image/gif', kind: 'image', extensions: ['gif'], label: 'Image GIF' },
  { mime: 'audio/mpeg', kind: 'audio', extensions: ['mp3'], label: 'Audio MP3' },
  { mime: 'video/mp4', kind: 'video', extensions: ['mp4'], label: 'Vidéo MP4' },
];

export const ACCEPTED_LIST = 'PDF, PPTX, ODP, DOCX, ODT, XLSX, ODS, PNG, JPEG, WebP, GIF, SVG (converti en PNG), MP3, MP4';

export const KIND_LABELS: Record<FileKind, string> = {
  pdf: 'PDF',
  slides: 'Diaporama',
  document: 'Document',
  spreadsheet: 'Tableur',
  image: 'Image',
  audio: 'Audio',
  video: 'Vidéo',
};

export function acceptedType(mime: string): AcceptedType | undefined {
  return ACCEPTED_TYPES.find((t) => t.mime === mime);
}

/** The extension of a file name, lower case, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return match ? match[1]!.toLowerCase() : '';
}

/**
 * A file name safe to store and to send back in Content-Disposition: only the last path segment,
 * no control or bidirectional-override characters, normalized, trimmed, at most 200 characters
 * (keeping the extension).
 */
export function cleanFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (cleaned === '') return 'fichier';
  if (cleaned.length <= 200) return cleaned;
  const ext = extensionOf(cleaned);
  const keep = ext ? 200 - ext.length - 1 : 200;
  return ext ? `${cleaned.slice(0, keep).trimEnd()}.${ext}` : cleaned.slice(0, keep);
}

/** "2,4 Mo", "830 ko": sizes in French, as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ko`;
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
