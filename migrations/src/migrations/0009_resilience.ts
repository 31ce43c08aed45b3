import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Blobs (ADR 014): the bytes are written to storage outside any transaction, so a blob row may
  // exist before its object does. `stored_at` says the object was confirmed; `deleting_since`
  // marks a blob whose objects the cleanup is removing (an upload of the same bytes takes it over
  // with a new object key instead of racing the deletion).
  await db.schema.alterTable('blobs').addColumn('stored_at', 'timestamptz').execute();
  await db.schema.alterTable('blobs').addColumn('deleting_since', 'timestamptz').execute();
  await sql`update blobs set stored_at = created_at`.execute(db);

  // Rate-limit counters shared by every API process (fixed windows, ADR 014).
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_window_idx').on('rate_limits').column('window_ends_at').execute();

  // Job workers alive right now: each process beats every few seconds; jobs locked by a worker
  // that stopped beating are unlocked for another worker (the job queue's own expiry is 4 hours).
  await db.schema
    .createTable('job_workers')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('process', 'text', (c) => c.notNull())
    .addColumn('beat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The relay reads pending events per index and document: privacy checks at query time too.
  await db.schema.createIndex('search_outbox_doc_idx').on('search_outbox').columns(['index_name', 'doc_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('search_outbox_doc_idx').execute();
  await db.schema.dropTable('job_workers').execute();
  await db.schema.dropTable('rate_limits').execute();
  await db.schema.alterTable('blobs').dropColumn('deleting_since').execute();
  await db.schema.alterTable('blobs').dropColumn('stored_at').execute();
}
