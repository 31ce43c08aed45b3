/**
 * What the sheets service asks of files inside its own transactions: that a draft only refers to
 * files of its sheet, that a published version keeps the files it refers to, and that an adapted
 * sheet gets its own references to the same stored bytes.
 */
import { documentFiles } from '@malle/editor/render';
import type { Executor } from '../../lib/db.ts';
import * as repo from './repo.ts';

type JSONContent = Parameters<typeof documentFiles>[0];

function replaceFileIds(node: JSONContent, map: Map<string, string>): JSONContent {
  const attrs =
    node.attrs && typeof node.attrs.fileId === 'string' && map.has(node.attrs.fileId)
      ? { ...node.attrs, fileId: map.get(node.attrs.fileId) }
      : node.attrs;
  return {
    ...node,
    ...(attrs ? { attrs } : {}),
    ...(node.content ? { content: node.content.map((child) => replaceFileIds(child, map)) } : {}),
  };
}

export function createSheetFileHooks() {
  return {
    /** Issues for blocks referring to files of another sheet (or an image block to a non-image). */
    async checkReferences(db: Executor, sheetId: string, body: unknown): Promise<Array<{ path: string; message: string }>> {
      const blocks = documentFiles(body as JSONContent);
      if (blocks.length === 0) return [];
      const own = new Map(
        (await repo.filesOfSheet(db, sheetId, [...new Set(blocks.map((b) => b.fileId))])).map((f) => [f.id, f.purpose]),
      );
      return blocks
        .filter((b) => own.get(b.fileId) !== b.kind)
        .map((b) => ({
          path: 'body',
          message: `Le fichier « ${b.label} » n’appartient pas à cette fiche : ajoutez-le à nouveau depuis l’éditeur.`,
        }));
    },

    /** Freezes the files a new version refers to (they are then kept as long as the version exists). */
    async recordVersion(db: Executor, sheetId: string, version: number, body: unknown): Promise<void> {
      await repo.recordVersionFiles(
        db,
        sheetId,
        version,
        documentFiles(body as JSONContent).map((f) => f.fileId),
      );
    },

    /** Gives the adapted sheet its own file rows (same stored bytes) and a body referring to them. */
    async copyForAdaptation(
      db: Executor,
      fromSheetId: string,
      toSheetId: string,
      body: unknown,
      userId: string,
    ): Promise<unknown> {
      const ids = [...new Set(documentFiles(body as JSONContent).map((f) => f.fileId))];
      const sources = (await repo.findFiles(db, ids)).filter((f) => f.sheet_id === fromSheetId);
      const map = new Map<string, string>();
      for (const source of sources) {
        const copy = await repo.insertFile(db, {
          sheetId: toSheetId,
          sha256: source.sha256,
          name: source.name,
          purpose: source.purpose,
          userId,
        });
        map.set(source.id, copy.id);
      }
      return map.size ? replaceFileIds(body as JSONContent, map) : body;
    },
  };
}

export type SheetFileHooks = ReturnType<typeof createSheetFileHooks>;
