import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Stored bytes, addressed by their SHA-256: the same file uploaded twice is stored once.
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('size', 'bigint', (c) => c.notNull().check(sql`size > 0`))
    // Sniffed from the bytes at upload, never the declared type.
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('pdf', 'slides', 'document', 'spreadsheet', 'image', 'audio', 'video')`),
    )
    .addColumn('storage_key', 'text', (c) => c.notNull())
    // Background processing: thumbnails, variants, page count, extracted text.
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('processing')
        .check(sql`status in ('processing', 'ready', 'unreadable')`),
    )
    .addColumn('unreadable_reason', 'text')
    .addColumn('page_count', 'integer')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('text', 'text')
    .addColumn('thumbnail_key', 'text')
    // Image variants: [{ width, height, key, size }], smallest first.
    .addColumn('variants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('processed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A file as attached to one sheet: documents refer to these ids. Several rows may share a blob.
  await db.schema
    .createTable('files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('sheets.id').onDelete('cascade'))
    .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('image', 'attachment')`))
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('files_sheet_idx').on('files').column('sheet_id').execute();
  await db.schema.createIndex('files_blob_idx').on('files').column('blob_sha256').execute();

  // The files each published version refers to, frozen with it: versions keep their files.
  await db.schema
    .createTable('sheet_version_files')
    .addColumn('sheet_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('files.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sheet_version_files_pkey', ['sheet_id', 'version', 'file_id'])
    .addForeignKeyConstraint(
      'sheet_version_files_version_fkey',
      ['sheet_id', 'version'],
      'sheet_versions',
      ['sheet_id', 'number'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('sheet_version_files_file_idx').on('sheet_version_files').column('file_id').execute();

  // An upload announced by the browser (name, size, type), then completed by sending the bytes.
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('sheets.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('image', 'attachment')`))
    .addColumn('declared_name', 'text', (c) => c.notNull())
    .addColumn('declared_size', 'bigint', (c) => c.notNull())
    .addColumn('declared_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'completed')`),
    )
    // Set on completion; completing again answers the same file (safe retries).
    .addColumn('file_id', 'uuid', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    // Lease taken while the bytes are being received: a concurrent second send is refused.
    .addColumn('receiving_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('uploads_expires_idx').on('uploads').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('uploads').execute();
  await db.schema.dropTable('sheet_version_files').execute();
  await db.schema.dropTable('files').execute();
  await db.schema.dropTable('blobs').execute();
}
