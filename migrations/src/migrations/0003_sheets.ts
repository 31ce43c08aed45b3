import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sheets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull())
    // Owned by a base, or by a person (their personal space): exactly one of the two.
    .addColumn('owner_base_id', 'uuid', (c) => c.references('bases.id'))
    .addColumn('owner_user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('visibility', 'text', (c) =>
      c
        .notNull()
        .defaultTo('private')
        .check(sql`visibility in ('public', 'private', 'secret_link')`),
    )
    // Capability for "lien secret" sheets; replaced to revoke every link given out.
    .addColumn('secret_token', 'text')
    // The draft: what editors work on; versions are frozen copies of it.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('indexing', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('licence', 'text', (c) => c.notNull().defaultTo('etalab-2.0'))
    // Incremented by every draft save; a save based on an older revision is a conflict.
    .addColumn('draft_revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('draft_updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('draft_updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('adapted_from_sheet_id', 'uuid', (c) => c.references('sheets.id').onDelete('set null'))
    .addColumn('adapted_from_version', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addCheckConstraint('sheets_one_owner', sql`(owner_base_id is null) <> (owner_user_id is null)`)
    .addCheckConstraint('sheets_slug_format', sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80`)
    .addCheckConstraint('sheets_title_length', sql`char_length(title) between 1 and 200`)
    .addCheckConstraint('sheets_summary_length', sql`char_length(summary) <= 1000`)
    .addCheckConstraint('sheets_secret_token', sql`(visibility = 'secret_link') = (secret_token is not null)`)
    .execute();
  await db.schema.createIndex('sheets_slug_key').on('sheets').column('slug').unique().execute();
  await db.schema.createIndex('sheets_owner_base_idx').on('sheets').column('owner_base_id').execute();
  await db.schema.createIndex('sheets_owner_user_idx').on('sheets').column('owner_user_id').execute();
  await db.schema.createIndex('sheets_adapted_from_idx').on('sheets').column('adapted_from_sheet_id').execute();

  await db.schema
    .createTable('sheet_contributors')
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('sheets.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sheet_contributors_pkey', ['sheet_id', 'user_id'])
    .execute();
  await db.schema.createIndex('sheet_contributors_user_idx').on('sheet_contributors').column('user_id').execute();

  // Immutable: rows are inserted by publication and never updated.
  await db.schema
    .createTable('sheet_versions')
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('sheets.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('indexing', 'jsonb', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull().defaultTo(''))
    // Kept when the account goes: the version stays, attributed to a former member.
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sheet_versions_pkey', ['sheet_id', 'number'])
    .addCheckConstraint('sheet_versions_change_note_length', sql`char_length(change_note) <= 500`)
    .execute();

  await sql`
    create function sheet_versions_immutable() returns trigger language plpgsql as $$
    begin
      -- The one change allowed: forgetting the author when their account is deleted (ON DELETE
      -- SET NULL); author_name keeps the attribution.
      if new.author_id is null and (to_jsonb(new) - 'author_id') = (to_jsonb(old) - 'author_id') then
        return new;
      end if;
      raise exception 'sheet versions are immutable';
    end $$;
  `.execute(db);
  await sql`create trigger sheet_versions_no_update before update on sheet_versions for each row execute function sheet_versions_immutable()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists sheet_versions_no_update on sheet_versions`.execute(db);
  await sql`drop function if exists sheet_versions_immutable()`.execute(db);
  await db.schema.dropTable('sheet_versions').execute();
  await db.schema.dropTable('sheet_contributors').execute();
  await db.schema.dropTable('sheets').execute();
}
