import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Transactional outbox: every write that changes what search shows inserts a row here in its own
  // transaction; the relay applies rows to Meilisearch and deletes them (ADR 007). A row names a
  // document only (index + id): the relay always indexes the document's current state.
  await db.schema
    .createTable('search_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // No check on the index name: collections join without a migration.
    .addColumn('index_name', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Backoff: a failed row waits until then.
    .addColumn('available_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('search_outbox_available_idx').on('search_outbox').columns(['available_at', 'id']).execute();

  // Wakes the relay at once (LISTEN search_outbox); polling remains the safety net.
  await sql`
    create function search_outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('search_outbox', '');
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger search_outbox_notify after insert on search_outbox for each statement execute function search_outbox_notify()`.execute(
    db,
  );

  // One row per search, to review zero-result queries. No personal data beyond the account id.
  await db.schema
    .createTable('search_queries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('q', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('filters', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('sort', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('search_queries_q_length', sql`char_length(q) <= 200`)
    .execute();
  await db.schema.createIndex('search_queries_created_idx').on('search_queries').column('created_at').execute();
  await db.schema
    .createIndex('search_queries_zero_idx')
    .on('search_queries')
    .column('created_at')
    .where(sql.ref('total'), '=', 0)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_queries').execute();
  await sql`drop trigger if exists search_outbox_notify on search_outbox`.execute(db);
  await sql`drop function if exists search_outbox_notify()`.execute(db);
  await db.schema.dropTable('search_outbox').execute();
}
