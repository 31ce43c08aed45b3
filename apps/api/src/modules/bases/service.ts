import { slugify, type BaseCreateInput, type BaseRole, type BaseUpdateInput } from '@malle/schema/bases';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../lib/db.ts';
import { AppError, fieldError } from '../../lib/errors.ts';
import { queueMail } from '../../lib/mailer.ts';
import { isUniqueViolation } from '../../lib/pg-errors.ts';
import { canAdministerBase, canReadBase, type BaseFacts } from '../access/rules.ts';
import * as repo from './repo.ts';
import type { BaseRow } from './repo.ts';
import type { Viewer } from '../../lib/viewer.ts';

export interface BaseForViewer {
  base: BaseRow;
  role: BaseRole | null;
}

export type BaseService = ReturnType<typeof createBaseService>;

/**
 * Bases (team spaces): creation, settings, soft deletion, members and roles, invitations by e-mail,
 * requests to join, follows. Every rule about who may do what lives here.
 */
export function createBaseService(deps: { db: Database; log: FastifyBaseLogger; publicUrl: string }) {
  const { db } = deps;

  const factsOf = (base: BaseRow): BaseFacts => ({ id: base.id, isPublic: base.is_public, deleted: base.deleted_at !== null });
  const tiesTo = (role: BaseRole | null, viewer: Viewer | null) => ({
    viewerId: viewer?.id ?? null,
    baseRole: role,
    contributor: false,
  });

  /** Private bases do not exist for outsiders: 404, never 403, so that names do not leak. */
  async function readable(slug: string, viewer: Viewer | null): Promise<BaseForViewer> {
    const base = await repo.findBaseBySlug(db, slug);
    if (!base) throw new AppError('not_found');
    const role = viewer ? await repo.findRole(db, base.id, viewer.id) : null;
    if (!canReadBase(factsOf(base), tiesTo(role, viewer))) throw new AppError('not_found');
    return { base, role };
  }

  const notAdmin = () => new AppError('forbidden', { message: 'Seuls les administrateurs de la base peuvent faire cela.' });

  async function asAdmin(slug: string, viewer: Viewer): Promise<BaseRow> {
    const { base, role } = await readable(slug, viewer);
    if (!canAdministerBase(factsOf(base), tiesTo(role, viewer))) throw notAdmin();
    return base;
  }

  async function freeSlug(wanted: string | undefined, name: string): Promise<string> {
    if (wanted) {
      if (await repo.slugExists(db, wanted))
        throw fieldError('slug_taken', 'slug', 'Cette adresse est déjà prise par une autre base. Choisissez-en une autre.');
      return wanted;
    }
    const base = slugify(name) || 'base';
    for (let i = 1; i < 100; i++) {
      const candidate = i === 1 ? base : `${base.slice(0, 56)}-${i}`;
      if (!(await repo.slugExists(db, candidate))) return candidate;
    }
    throw new AppError('conflict');
  }

  return {
    readable,

    /** The person's role in a base, or null when not a member (for other modules' rules). */
    roleOf: (baseId: string, userId: string) => repo.findRole(db, baseId, userId),

    /** A (non-deleted) base the person belongs to, by slug, or null. */
    async memberBase(slug: string, userId: string): Promise<BaseRow | null> {
      const base = await repo.findBaseBySlug(db, slug);
      return base && (await repo.findRole(db, base.id, userId)) ? base : null;
    },

    /** The creator becomes the first administrator, in the same transaction. */
    async create(viewer: Viewer, input: BaseCreateInput): Promise<string> {
      const slug = await freeSlug(input.slug, input.name);
      try {
        await db.transaction().execute(async (trx) => {
          const { id } = await repo.insertBase(trx, { ...input, slug, createdBy: viewer.id });
          await repo.insertMember(trx, id, viewer.id, 'admin');
        });
      } catch (error) {
        // Two people creating the same address at the same moment.
        if (isUniqueViolation(error, 'bases_slug_key'))
          throw fieldError('slug_taken', 'slug', 'Cette adresse est déjà prise par une autre base. Choisissez-en une autre.');
        throw error;
      }
      return slug;
    },

    async update(slug: string, viewer: Viewer, input: BaseUpdateInput): Promise<void> {
      const base = await asAdmin(slug, viewer);
      await repo.updateBase(db, base.id, input);
    },

    async remove(slug: string, viewer: Viewer): Promise<void> {
      const base = await asAdmin(slug, viewer);
      await repo.softDeleteBase(db, base.id);
    },

    async viewerState(base: BaseRow, viewer: Viewer | null) {
      if (!viewer) return { following: false, pendingJoinRequest: false };
      const [following, pendingJoinRequest] = await Promise.all([
        repo.isFollowing(db, base.id, viewer.id),
        repo.hasPendingJoinRequest(db, base.id, viewer.id),
      ]);
      return { following, pendingJoinRequest };
    },

    async members(slug: string, viewer: Viewer | null) {
      const { base } = await readable(slug, viewer);
      return repo.listMembers(db, base.id);
    },

    mine: (viewer: Viewer) => repo.listBasesOfUser(db, viewer.id),

    listPublic: (limit: number, offset: number) => repo.listPublicBases(db, limit, offset),

    /** Invites by e-mail; the invitation waits until someone with that address signs in. */
    async invite(slug: string, viewer: Viewer, email: string, role: BaseRole): Promise<void> {
      const base = await asAdmin(slug, viewer);
      const invitee = await repo.findAccountByEmail(db, base.id, email);
      if (invitee?.role) throw fieldError('already_member', 'email', 'Cette personne est déjà membre de la base.');
      // The invitation and its mail commit together: no mail for a refused invitation, no lost mail.
      await db.transaction().execute(async (trx) => {
        await repo.insertInvitation(trx, { baseId: base.id, email, role, invitedBy: viewer.id });
        await queueMail(trx, {
          to: email,
          subject: `Invitation à rejoindre la base « ${base.name} » sur Malle`,
          text:
            `Bonjour,\n\nVous êtes invité·e à rejoindre la base « ${base.name} » sur Malle en tant que ${role === 'admin' ? 'administrateur' : 'contributeur'}.\n\n` +
            `${invitee ? 'Connectez-vous' : 'Créez votre compte avec cette adresse e-mail'} puis répondez à l'invitation : ${deps.publicUrl}/mes-invitations\n\nL'équipe Malle`,
        });
      });
    },

    async pendingInvitationsOfBase(slug: string, viewer: Viewer) {
      const base = await asAdmin(slug, viewer);
      return repo.listPendingInvitationsOfBase(db, base.id);
    },

    myInvitations: (viewer: Viewer) => repo.listPendingInvitationsForEmail(db, viewer.email),

    /** Only the person the invitation was sent to may answer it. */
    async answerInvitation(id: string, viewer: Viewer, accept: boolean): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const invitation = await repo.findInvitationForUpdate(trx, id);
        if (!invitation || invitation.email !== viewer.email) throw new AppError('not_found');
        if (invitation.status !== 'pending')
          throw new AppError('conflict', { message: 'Cette invitation a déjà reçu une réponse.' });
        await repo.setInvitationStatus(trx, id, accept ? 'accepted' : 'declined');
        if (accept) {
          await repo.lockBase(trx, invitation.base_id);
          // Accepting never demotes: an administrator invited as contributor stays administrator.
          const current = await repo.findRole(trx, invitation.base_id, viewer.id);
          if (current !== 'admin') await repo.insertMember(trx, invitation.base_id, viewer.id, invitation.role as BaseRole);
          // The member count shown in search. Access needs no reindex: queries read memberships.
        }
        return invitation.base_slug;
      });
    },

    async revokeInvitation(slug: string, viewer: Viewer, id: string): Promise<void> {
      const base = await asAdmin(slug, viewer);
      await db.transaction().execute(async (trx) => {
        const invitation = await repo.findInvitationForUpdate(trx, id);
        if (!invitation || invitation.base_id !== base.id || invitation.status !== 'pending') throw new AppError('not_found');
        await repo.setInvitationStatus(trx, id, 'revoked');
      });
    },

    /**
     * Changes a role. The base row is locked so that two administrators demoting each other at the
     * same moment cannot leave the base without one.
     */
    async changeRole(slug: string, viewer: Viewer, userId: string, role: BaseRole): Promise<void> {
      const base = await asAdmin(slug, viewer);
      await db.transaction().execute(async (trx) => {
        await repo.lockBase(trx, base.id);
        // Checked again under the lock: a concurrent change may have just demoted this administrator.
        if ((await repo.findRole(trx, base.id, viewer.id)) !== 'admin') throw notAdmin();
        const current = await repo.findRole(trx, base.id, userId);
        if (!current) throw new AppError('not_found');
        if (current === 'admin' && role !== 'admin' && (await repo.countAdmins(trx, base.id)) <= 1)
          throw new AppError('last_admin');
        await repo.setRole(trx, base.id, userId, role);
      });
    },

    /** An administrator removes someone, or a member leaves (userId = themself). */
    async removeMember(slug: string, viewer: Viewer, userId: string): Promise<void> {
      const { base, role } = await readable(slug, viewer);
      if (userId !== viewer.id && role !== 'admin')
        throw new AppError('forbidden', { message: 'Seuls les administrateurs de la base peuvent retirer un membre.' });
      await db.transaction().execute(async (trx) => {
        await repo.lockBase(trx, base.id);
        if (userId !== viewer.id && (await repo.findRole(trx, base.id, viewer.id)) !== 'admin')
          throw new AppError('forbidden', { message: 'Seuls les administrateurs de la base peuvent retirer un membre.' });
        const current = await repo.findRole(trx, base.id, userId);
        if (!current) throw new AppError('not_found');
        if (current === 'admin' && (await repo.countAdmins(trx, base.id)) <= 1) throw new AppError('last_admin');
        await repo.deleteMember(trx, base.id, userId);
      });
    },

    async requestToJoin(slug: string, viewer: Viewer, message: string): Promise<void> {
      const { base, role } = await readable(slug, viewer);
      if (!base.is_public) throw new AppError('not_found');
      if (role) throw new AppError('already_member', { message: 'Vous êtes déjà membre de cette base.' });
      await repo.insertJoinRequest(db, { baseId: base.id, userId: viewer.id, message });
    },

    async pendingJoinRequests(slug: string, viewer: Viewer) {
      const base = await asAdmin(slug, viewer);
      return repo.listPendingJoinRequests(db, base.id);
    },

    async decideJoinRequest(slug: string, viewer: Viewer, id: string, accept: boolean): Promise<void> {
      const base = await asAdmin(slug, viewer);
      await db.transaction().execute(async (trx) => {
        const request = await repo.findJoinRequestForUpdate(trx, id);
        if (!request || request.base_id !== base.id) throw new AppError('not_found');
        if (request.status !== 'pending') throw new AppError('conflict', { message: 'Cette demande a déjà été traitée.' });
        await repo.decideJoinRequest(trx, id, accept ? 'accepted' : 'declined', viewer.id);
        if (accept && !(await repo.findRole(trx, base.id, request.user_id))) {
          await repo.insertMember(trx, base.id, request.user_id, 'contributor');
        }
      });
    },

    /** Only public bases can be followed. */
    async setFollowing(slug: string, viewer: Viewer, following: boolean): Promise<void> {
      const { base } = await readable(slug, viewer);
      if (!base.is_public) throw new AppError('not_found');
      if (following) await repo.follow(db, base.id, viewer.id);
      else await repo.unfollow(db, base.id, viewer.id);
    },
  };
}
