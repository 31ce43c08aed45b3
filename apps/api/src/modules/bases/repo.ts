import type { DB } from '@malle/schema/db';
import type { BaseRole } from '@malle/schema/bases';
import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../lib/db.ts';

const memberCount = sql<number>`(select count(*)::int from base_members m where m.base_id = bases.id)`;
const followerCount = sql<number>`(select count(*)::int from base_follows f where f.base_id = bases.id)`;

function baseQuery(db: Executor) {
  return db
    .selectFrom('bases')
    .selectAll('bases')
    .select([memberCount.as('member_count'), followerCount.as('follower_count')])
    .where('bases.deleted_at', 'is', null);
}

export type BaseRow = NonNullable<Awaited<ReturnType<typeof findBaseBySlug>>>;

export function findBaseBySlug(db: Executor, slug: string) {
  return baseQuery(db).where('bases.slug', '=', slug).executeTakeFirst();
}

/** Locks the base row: membership changes of one base are serialised (last-admin rule). */
export async function lockBase(db: Transaction<DB>, baseId: string) {
  await db.selectFrom('bases').select('id').where('id', '=', baseId).forUpdate().execute();
}

export async function slugExists(db: Executor, slug: string): Promise<boolean> {
  // Deleted bases keep their slug reserved.
  return Boolean(await db.selectFrom('bases').select('id').where('slug', '=', slug).executeTakeFirst());
}

export function insertBase(
  db: Executor,
  values: {
    slug: string;
    name: string;
    description: string;
    departement: string | null;
    contactEmail: string | null;
    contactEmailPublic: boolean;
    isPublic: boolean;
    createdBy: string;
  },
) {
  return db
    .insertInto('bases')
    .values({
      slug: values.slug,
      name: values.name,
      description: values.description,
      departement: values.departement,
      contact_email: values.contactEmail,
      contact_email_public: values.contactEmailPublic,
      is_public: values.isPublic,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateBase(
  db: Executor,
  baseId: string,
  values: {
    name: string;
    description: string;
    departement: string | null;
    contactEmail: string | null;
    contactEmailPublic: boolean;
    isPublic: boolean;
  },
) {
  await db
    .updateTable('bases')
    .set({
      name: values.name,
      description: values.description,
      departement: values.departement,
      contact_email: values.contactEmail,
      contact_email_public: values.contactEmailPublic,
      is_public: values.isPublic,
      updated_at: new Date(),
    })
    .where('id', '=', baseId)
    .execute();
}

export async function softDeleteBase(db: Executor, baseId: string) {
  await db.updateTable('bases').set({ deleted_at: new Date(), updated_at: new Date() }).where('id', '=', baseId).execute();
}

export async function findRole(db: Executor, baseId: string, userId: string): Promise<BaseRole | null> {
  const row = await db
    .selectFrom('base_members')
    .select('role')
    .where('base_id', '=', baseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (row?.role as BaseRole | undefined) ?? null;
}

/** The account holding an e-mail address, with its role in the base (null when not a member). */
export function findAccountByEmail(db: Executor, baseId: string, email: string) {
  return db
    .selectFrom('users')
    .leftJoin('base_members', (join) =>
      join.onRef('base_members.user_id', '=', 'users.id').on('base_members.base_id', '=', baseId),
    )
    .select(['users.id', 'base_members.role'])
    .where('users.email', '=', email)
    .executeTakeFirst();
}

export async function isFollowing(db: Executor, baseId: string, userId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('base_follows')
      .select('user_id')
      .where('base_id', '=', baseId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  );
}

export async function insertMember(db: Executor, baseId: string, userId: string, role: BaseRole) {
  await db
    .insertInto('base_members')
    .values({ base_id: baseId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['base_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function setRole(db: Executor, baseId: string, userId: string, role: BaseRole) {
  const res = await db
    .updateTable('base_members')
    .set({ role })
    .where('base_id', '=', baseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteMember(db: Executor, baseId: string, userId: string) {
  const res = await db.deleteFrom('base_members').where('base_id', '=', baseId).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function countAdmins(db: Executor, baseId: string): Promise<number> {
  const row = await db
    .selectFrom('base_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('base_id', '=', baseId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listMembers(db: Executor, baseId: string) {
  return db
    .selectFrom('base_members')
    .innerJoin('users', 'users.id', 'base_members.user_id')
    .select(['users.id as user_id', 'users.display_name', 'base_members.role', 'base_members.created_at'])
    .where('base_members.base_id', '=', baseId)
    .orderBy('base_members.role')
    .orderBy('users.display_name')
    .execute();
}

export function listBasesOfUser(db: Executor, userId: string) {
  return baseQuery(db)
    .innerJoin('base_members', 'base_members.base_id', 'bases.id')
    .select('base_members.role')
    .where('base_members.user_id', '=', userId)
    .orderBy('bases.name')
    .execute();
}

export function listPublicBases(db: Executor, limit: number, offset: number) {
  return baseQuery(db).where('bases.is_public', '=', true).orderBy('bases.name').limit(limit).offset(offset).execute();
}

export function insertInvitation(db: Executor, values: { baseId: string; email: string; role: BaseRole; invitedBy: string }) {
  return db
    .insertInto('base_invitations')
    .values({ base_id: values.baseId, email: values.email, role: values.role, invited_by: values.invitedBy })
    .onConflict((oc) =>
      oc
        .columns(['base_id', 'email'])
        .where('status', '=', 'pending')
        .doUpdateSet({ role: values.role, invited_by: values.invitedBy }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

function invitationQuery(db: Executor) {
  return db
    .selectFrom('base_invitations')
    .innerJoin('bases', 'bases.id', 'base_invitations.base_id')
    .leftJoin('users as inviter', 'inviter.id', 'base_invitations.invited_by')
    .select([
      'base_invitations.id',
      'base_invitations.base_id',
      'base_invitations.email',
      'base_invitations.role',
      'base_invitations.status',
      'base_invitations.created_at',
      'bases.slug as base_slug',
      'bases.name as base_name',
      'inviter.display_name as inviter_name',
    ])
    .where('bases.deleted_at', 'is', null);
}

export type InvitationRow = Awaited<ReturnType<typeof listPendingInvitationsForEmail>>[number];

export function listPendingInvitationsForEmail(db: Executor, email: string) {
  return invitationQuery(db)
    .where('base_invitations.email', '=', email)
    .where('base_invitations.status', '=', 'pending')
    .orderBy('base_invitations.created_at', 'desc')
    .execute();
}

export function listPendingInvitationsOfBase(db: Executor, baseId: string) {
  return invitationQuery(db)
    .where('base_invitations.base_id', '=', baseId)
    .where('base_invitations.status', '=', 'pending')
    .orderBy('base_invitations.created_at', 'desc')
    .execute();
}

export function findInvitationForUpdate(db: Transaction<DB>, id: string) {
  return invitationQuery(db).where('base_invitations.id', '=', id).forUpdate('base_invitations').executeTakeFirst();
}

export async function setInvitationStatus(db: Executor, id: string, status: 'accepted' | 'declined' | 'revoked') {
  await db.updateTable('base_invitations').set({ status, answered_at: new Date() }).where('id', '=', id).execute();
}

export async function insertJoinRequest(db: Executor, values: { baseId: string; userId: string; message: string }) {
  await db
    .insertInto('base_join_requests')
    .values({ base_id: values.baseId, user_id: values.userId, message: values.message })
    .onConflict((oc) =>
      oc.columns(['base_id', 'user_id']).where('status', '=', 'pending').doUpdateSet({ message: values.message }),
    )
    .execute();
}

export async function hasPendingJoinRequest(db: Executor, baseId: string, userId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('base_join_requests')
      .select('id')
      .where('base_id', '=', baseId)
      .where('user_id', '=', userId)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  );
}

export function listPendingJoinRequests(db: Executor, baseId: string) {
  return db
    .selectFrom('base_join_requests')
    .innerJoin('users', 'users.id', 'base_join_requests.user_id')
    .select([
      'base_join_requests.id',
      'base_join_requests.user_id',
      'users.display_name',
      'base_join_requests.message',
      'base_join_requests.created_at',
    ])
    .where('base_join_requests.base_id', '=', baseId)
    .where('base_join_requests.status', '=', 'pending')
    .orderBy('base_join_requests.created_at')
    .execute();
}

export function findJoinRequestForUpdate(db: Transaction<DB>, id: string) {
  return db
    .selectFrom('base_join_requests')
    .select(['id', 'base_id', 'user_id', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function decideJoinRequest(db: Executor, id: string, status: 'accepted' | 'declined', decidedBy: string) {
  await db
    .updateTable('base_join_requests')
    .set({ status, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function follow(db: Executor, baseId: string, userId: string) {
  await db
    .insertInto('base_follows')
    .values({ base_id: baseId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function unfollow(db: Executor, baseId: string, userId: string) {
  await db.deleteFrom('base_follows').where('base_id', '=', baseId).where('user_id', '=', userId).execute();
}
