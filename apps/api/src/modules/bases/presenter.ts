import type { Base, BaseMember, BaseRole, BaseSummary, Invitation, JoinRequest } from '@malle/schema/bases';
import type { BaseRow, InvitationRow } from './repo.ts';

export function presentBaseSummary(row: BaseRow): BaseSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    departement: row.departement,
    isPublic: row.is_public,
    memberCount: row.member_count,
    followerCount: row.follower_count,
  };
}

export function presentBase(
  row: BaseRow,
  viewer: { role: BaseRole | null; following: boolean; pendingJoinRequest: boolean },
): Base {
  return {
    ...presentBaseSummary(row),
    // The contact address is shown to everyone only when the base made it public; members see it.
    contactEmail: row.contact_email_public || viewer.role ? row.contact_email : null,
    contactEmailPublic: row.contact_email_public,
    createdAt: row.created_at.toISOString(),
    viewer,
  };
}

export function presentMember(row: { user_id: string; display_name: string; role: string; created_at: Date }): BaseMember {
  return { userId: row.user_id, displayName: row.display_name, role: row.role as BaseRole, since: row.created_at.toISOString() };
}

export function presentInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    base: { slug: row.base_slug, name: row.base_name },
    email: row.email,
    role: row.role as BaseRole,
    invitedBy: row.inviter_name,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentJoinRequest(row: {
  id: string;
  user_id: string;
  display_name: string;
  message: string;
  created_at: Date;
}): JoinRequest {
  return {
    id: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    message: row.message,
    createdAt: row.created_at.toISOString(),
  };
}
