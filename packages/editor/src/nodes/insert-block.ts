import type { SingleCommands } from '@tiptap/core';
import type { z } from 'zod';

/**
 * Inserts an atom block when its attributes pass the node's schema, followed by an empty paragraph
 * so that the cursor lands after the block: the next insertion then goes below it instead of
 * replacing the (still selected) block. Returns false, changing nothing, for invalid attributes.
 */
export function insertValidBlock(commands: SingleCommands, type: string, schema: z.ZodType, attrs: unknown): boolean {
  return (
    schema.safeParse(attrs).success &&
    commands.insertContent([{ type, attrs: attrs as Record<string, unknown> }, { type: 'paragraph' }])
  );
}
