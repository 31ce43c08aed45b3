import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

export async function up(db: Kysely<unknown>): Promise<void> {
  // One rating per person per sheet, edited in place; `version` is the version it was (last) given on.
  await db.schema
    .createTable('ratings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('sheets.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('useful', 'smallint', (c) => c.notNull().check(sql`useful between 1 and 5`))
    .addColumn('clear', 'smallint', (c) => c.notNull().check(sql`clear between 1 and 5`))
    .addColumn('reliable', 'smallint', (c) => c.notNull().check(sql`reliable between 1 and 5`))
    .addColumn('used_in_workshop', 'boolean', (c) => c.notNull().defaultTo(false))
    // Plain text, never HTML.
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    // The authors' one reply to the comment.
    .addColumn('reply', 'text')
    .addColumn('reply_author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reply_author_name', 'text')
    .addColumn('replied_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('ratings_sheet_user_key', ['sheet_id', 'user_id'])
    .addCheckConstraint('ratings_comment_length', sql`char_length(comment) <= 1000`)
    .addCheckConstraint('ratings_reply_length', sql`reply is null or char_length(reply) between 1 and 1000`)
    .execute();
  await db.schema.createIndex('ratings_user_idx').on('ratings').column('user_id').execute();

  // Reports of rating comments, for moderators.
  await db.schema
    .createTable('rating_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rating_id', 'uuid', (c) => c.notNull().references('ratings.id').onDelete('cascade'))
    .addColumn('reporter_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('spam', 'abusive', 'personal_data', 'off_topic', 'other')`),
    )
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'dismissed', 'actioned')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('rating_reports_rating_reporter_key', ['rating_id', 'reporter_id'])
    .addCheckConstraint('rating_reports_text_length', sql`char_length(text) <= 1000`)
    .execute();

  // Collections: id is a random uuid, stable and unguessable; secret links use a separate token.
  await db.schema
    .createTable('collections')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_base_id', 'uuid', (c) => c.references('bases.id'))
    .addColumn('owner_user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // Key of the cover image in storage, once files exist (issue 4).
    .addColumn('cover_key', 'text')
    .addColumn('visibility', 'text', (c) =>
      c
        .notNull()
        .defaultTo('private')
        .check(sql`visibility in ('public', 'private', 'secret_link')`),
    )
    .addColumn('secret_token', 'text')
    // The person's "Mes favoris": private, one per person, not deletable.
    .addColumn('is_favorites', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('collections_one_owner', sql`(owner_base_id is null) <> (owner_user_id is null)`)
    .addCheckConstraint('collections_title_length', sql`char_length(title) between 1 and 200`)
    .addCheckConstraint('collections_description_length', sql`char_length(description) <= 2000`)
    .addCheckConstraint('collections_secret_token', sql`(visibility = 'secret_link') = (secret_token is not null)`)
    .addCheckConstraint('collections_favorites', sql`not is_favorites or (owner_user_id is not null and visibility = 'private')`)
    .execute();
  await db.schema.createIndex('collections_owner_base_idx').on('collections').column('owner_base_id').execute();
  await db.schema.createIndex('collections_owner_user_idx').on('collections').column('owner_user_id').execute();
  await db.schema
    .createIndex('collections_one_favorites_key')
    .on('collections')
    .column('owner_user_id')
    .unique()
    .where(sql.ref('is_favorites'), '=', true)
    .execute();

  await db.schema
    .createTable('collection_items')
    .addColumn('collection_id', 'uuid', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('sheets.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    // Null: follow the latest version.
    .addColumn('pinned_version', 'integer', (c) => c.check(sql`pinned_version >= 1`))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('collection_items_pkey', ['collection_id', 'sheet_id'])
    .addCheckConstraint('collection_items_note_length', sql`char_length(note) <= 300`)
    .execute();
  await db.schema.createIndex('collection_items_sheet_idx').on('collection_items').column('sheet_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('collection_items').execute();
  await db.schema.dropTable('collections').execute();
  await db.schema.dropTable('rating_reports').execute();
  await db.schema.dropTable('ratings').execute();
}
