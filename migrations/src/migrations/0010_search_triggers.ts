import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited once landed.

/**
 * Search and public-cache freshness by construction (ADR 015, amending ADR 007): triggers on the
 * source tables write the outbox rows that application code used to write by hand at each call
 * site. A write that changes what a search document shows records the documents it touches in the
 * same transaction, whatever code path made it. Only columns documents carry wake a trigger, so a
 * draft saved every few seconds costs nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function search_enqueue(index_name text, ids text[]) returns void language sql as $$
      insert into search_outbox (index_name, doc_id)
      select index_name, id from unnest(ids) as id where id is not null
    $$;
  `.execute(db);

  // A sheet: its document, its owner's (sheet counts), the collections holding it (their public
  // item counts) and the sheet it adapts (adaptation count). Old and new state both count: a
  // sheet moved to another base changes two bases.
  await sql`
    create function sheet_search_fanout(r sheets) returns void language plpgsql as $$
    begin
      perform search_enqueue('sheets', array[r.id::text, r.adapted_from_sheet_id::text]);
      perform search_enqueue('bases', array[r.owner_base_id::text]);
      perform search_enqueue('profiles', array[r.owner_user_id::text]);
      perform search_enqueue('collections', array(select ci.collection_id::text from collection_items ci where ci.sheet_id = r.id));
    end $$;
  `.execute(db);
  await sql`
    create function sheets_search_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and (old.latest_version, old.visibility, old.deleted_at, old.owner_base_id, old.owner_user_id,
          old.slug, old.adapted_from_sheet_id) is not distinct from (new.latest_version, new.visibility, new.deleted_at,
          new.owner_base_id, new.owner_user_id, new.slug, new.adapted_from_sheet_id) then
        return null;
      end if;
      if tg_op = 'INSERT' and new.latest_version = 0 and new.adapted_from_sheet_id is null then
        return null;
      end if;
      if tg_op = 'DELETE' then
        perform sheet_search_fanout(old);
        return null;
      end if;
      perform sheet_search_fanout(new);
      -- Moved to another space, or no longer an adaptation: the former owner and origin change too.
      if tg_op = 'UPDATE' then
        if old.owner_base_id is distinct from new.owner_base_id then
          perform search_enqueue('bases', array[old.owner_base_id::text]);
        end if;
        if old.owner_user_id is distinct from new.owner_user_id then
          perform search_enqueue('profiles', array[old.owner_user_id::text]);
        end if;
        if old.adapted_from_sheet_id is distinct from new.adapted_from_sheet_id then
          perform search_enqueue('sheets', array[old.adapted_from_sheet_id::text]);
        end if;
      end if;
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger sheets_search_changed after insert or update or delete on sheets
    for each row execute function sheets_search_changed()`.execute(db);

  // Contributors find the sheet; ratings make its score.
  await sql`
    create function sheet_child_search_changed() returns trigger language plpgsql as $$
    begin
      perform search_enqueue('sheets', array[(case when tg_op = 'DELETE' then old.sheet_id else new.sheet_id end)::text,
                                             (case when tg_op = 'UPDATE' then old.sheet_id end)::text]);
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger sheet_contributors_search_changed after insert or update or delete on sheet_contributors
    for each row execute function sheet_child_search_changed()`.execute(db);
  await sql`create trigger ratings_search_changed after insert or update or delete on ratings
    for each row execute function sheet_child_search_changed()`.execute(db);

  // A base: its document, and the documents that show its name or inherit its privacy.
  await sql`
    create function bases_search_changed() returns trigger language plpgsql as $$
    declare
      b uuid := case when tg_op = 'DELETE' then old.id else new.id end;
    begin
      if tg_op = 'UPDATE' and (old.name, old.slug, old.description, old.departement, old.is_public, old.deleted_at)
          is not distinct from (new.name, new.slug, new.description, new.departement, new.is_public, new.deleted_at) then
        return null;
      end if;
      perform search_enqueue('bases', array[b::text]);
      if tg_op <> 'INSERT' then
        perform search_enqueue('sheets', array(select s.id::text from sheets s where s.owner_base_id = b and s.latest_version > 0));
        perform search_enqueue('collections', array(select c.id::text from collections c where c.owner_base_id = b));
      end if;
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger bases_search_changed after insert or update or delete on bases
    for each row execute function bases_search_changed()`.execute(db);

  // Members: the base's member count (what members may find is read at query time).
  await sql`
    create function base_members_search_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.base_id = new.base_id then return null; end if;
      perform search_enqueue('bases', array[(case when tg_op = 'DELETE' then old.base_id else new.base_id end)::text,
                                            (case when tg_op = 'UPDATE' then old.base_id end)::text]);
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger base_members_search_changed after insert or update or delete on base_members
    for each row execute function base_members_search_changed()`.execute(db);

  // A person: their profile, and their personal sheets and collections, which show their name.
  await sql`
    create function users_search_changed() returns trigger language plpgsql as $$
    declare
      u uuid := case when tg_op = 'DELETE' then old.id else new.id end;
    begin
      if tg_op = 'UPDATE' and (old.display_name, old.bio, old.departement, old.profile_public)
          is not distinct from (new.display_name, new.bio, new.departement, new.profile_public) then
        return null;
      end if;
      perform search_enqueue('profiles', array[u::text]);
      if tg_op <> 'INSERT' then
        perform search_enqueue('sheets', array(select s.id::text from sheets s where s.owner_user_id = u and s.latest_version > 0));
        perform search_enqueue('collections', array(select c.id::text from collections c where c.owner_user_id = u));
      end if;
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger users_search_changed after insert or update or delete on users
    for each row execute function users_search_changed()`.execute(db);

  // A collection's own fields; its items change its count and their sheets' usage counts.
  await sql`
    create function collections_search_changed() returns trigger language plpgsql as $$
    begin
      perform search_enqueue('collections', array[(case when tg_op = 'DELETE' then old.id else new.id end)::text]);
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger collections_search_changed after insert or update or delete on collections
    for each row execute function collections_search_changed()`.execute(db);
  await sql`
    create function collection_items_search_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and (old.collection_id, old.sheet_id) = (new.collection_id, new.sheet_id) then return null; end if;
      if tg_op <> 'INSERT' then
        perform search_enqueue('collections', array[old.collection_id::text]);
        perform search_enqueue('sheets', array[old.sheet_id::text]);
      end if;
      if tg_op <> 'DELETE' then
        perform search_enqueue('collections', array[new.collection_id::text]);
        perform search_enqueue('sheets', array[new.sheet_id::text]);
      end if;
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger collection_items_search_changed after insert or update or delete on collection_items
    for each row execute function collection_items_search_changed()`.execute(db);

  // Processing extracted an attachment's text: the sheets whose search text includes it.
  await sql`
    create function blobs_search_changed() returns trigger language plpgsql as $$
    begin
      if (old.status, old.text) is not distinct from (new.status, new.text) then return null; end if;
      perform search_enqueue('sheets', array(select distinct f.sheet_id::text from files f where f.blob_sha256 = new.sha256));
      return null;
    end $$;
  `.execute(db);
  await sql`create trigger blobs_search_changed after update on blobs
    for each row execute function blobs_search_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [trigger, table] of [
    ['blobs_search_changed', 'blobs'],
    ['collection_items_search_changed', 'collection_items'],
    ['collections_search_changed', 'collections'],
    ['users_search_changed', 'users'],
    ['base_members_search_changed', 'base_members'],
    ['bases_search_changed', 'bases'],
    ['ratings_search_changed', 'ratings'],
    ['sheet_contributors_search_changed', 'sheet_contributors'],
    ['sheets_search_changed', 'sheets'],
  ] as const) {
    await sql`drop trigger if exists ${sql.raw(trigger)} on ${sql.raw(table)}`.execute(db);
  }
  for (const fn of [
    'blobs_search_changed',
    'collection_items_search_changed',
    'collections_search_changed',
    'users_search_changed',
    'base_members_search_changed',
    'bases_search_changed',
    'sheet_child_search_changed',
    'sheets_search_changed',
  ])
    await sql`drop function if exists ${sql.raw(fn)}()`.execute(db);
  await sql`drop function if exists sheet_search_fanout(sheets)`.execute(db);
  await sql`drop function if exists search_enqueue(text, text[])`.execute(db);
}
