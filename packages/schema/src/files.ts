import { z } from 'zod';

export const FILE_KINDS = ['pdf', 'slides', 'document', 'spreadsheet', 'image', 'audio', 'video'] as const;
export const FILE_STATUSES = ['processing', 'ready', 'unreadable'] as const;
export const PURPOSES = ['image', 'attachment'] as const;

/** The browser announces an upload before sending its bytes. */
export const UploadRequest = z.object({
  name: z.string().trim().min(1, { error: 'Le nom du fichier est vide.' }).max(1000),
  size: z.number().int().min(0),
  mediaType: z.string().max(255).default(''),
  purpose: z.enum(PURPOSES),
});
export type UploadRequest = z.infer<typeof UploadRequest>;

export const Upload = z.object({
  id: z.uuid(),
  /** Where to PUT the bytes (application/octet-stream), with the CSRF header. */
  uploadUrl: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  maxBytes: z.number().int(),
});
export type Upload = z.infer<typeof Upload>;

/** A stored file as readers see it; URLs are short-lived and issued after an authorization check. */
export const FileInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  purpose: z.enum(PURPOSES),
  kind: z.enum(FILE_KINDS),
  /** "PDF", "Diaporama PowerPoint"… */
  typeLabel: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  /** "2,4 Mo" */
  sizeLabel: z.string(),
  status: z.enum(FILE_STATUSES),
  /** Why it is "illisible" (French), for its editors. */
  unreadableReason: z.string().nullable(),
  pageCount: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  thumbnailUrl: z.string().nullable(),
  /** Checks access, then redirects to a fresh signed link (never goes stale on an open page). */
  downloadUrl: z.string().nullable(),
  /** Signed inline link for the PDF preview. */
  previewUrl: z.string().nullable(),
});
export type FileInfo = z.infer<typeof FileInfo>;

/** An attachment block of a version, with its file. */
export const Attachment = z.object({
  role: z.string(),
  roleLabel: z.string(),
  label: z.string(),
  file: FileInfo.nullable(),
});
export type Attachment = z.infer<typeof Attachment>;
