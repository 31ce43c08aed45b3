/**
 * The search outbox (ADR 007, ADR 015): rows of `search_outbox` name a document of an index that
 * changed. They are written by database triggers on the source tables (migration 0010), in the
 * transaction of the change, whatever code made it: no application code records them by hand.
 * The relay indexes each document's state at the time it runs, so an older state never
 * overwrites a newer one.
 */

/** Index names known to the outbox. Each must have a definition in documents.ts. */
export type IndexKey = 'sheets' | 'bases' | 'collections' | 'profiles';
