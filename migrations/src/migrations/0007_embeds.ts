import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The change feed of the public caches (embeds, public API, ADR 012): every outbox row already
  // names a document that changed, in the transaction that changed it. NOTIFY carries it to every
  // API process once that transaction commits (identical payloads are sent once per transaction).
  await sql`
    create function public_changes_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('public_changes', new.index_name || ':' || new.doc_id);
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger public_changes_notify after insert on search_outbox for each row execute function public_changes_notify()`.execute(
    db,
  );

  // How many times each collection was displayed on which partner site: one counter per
  // (collection, day, host name). No address, no page path, no visitor identifier.
  await db.schema
    .createTable('embed_views')
    .addColumn('collection_id', 'uuid', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('embed_views_pkey', ['collection_id', 'day', 'domain'])
    .addCheckConstraint('embed_views_domain_length', sql`char_length(domain) <= 253`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('embed_views').execute();
  await sql`drop trigger if exists public_changes_notify on search_outbox`.execute(db);
  await sql`drop function if exists public_changes_notify()`.execute(db);
}
