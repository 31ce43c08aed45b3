import type { Me, PublicProfile } from '@malle/schema/accounts';
import type { SessionUser } from '../../lib/viewer.ts';
import type { UserRow } from './repo.ts';

/** A user row as the session carries it (rows never leave this module). */
export function toSessionUser(user: UserRow): SessionUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    bio: user.bio,
    departement: user.departement,
    profilePublic: user.profile_public,
    createdAt: user.created_at,
  };
}

export function presentMe(user: SessionUser, csrfToken: string): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    bio: user.bio,
    departement: user.departement,
    profilePublic: user.profilePublic,
    createdAt: user.createdAt.toISOString(),
    csrfToken,
  };
}

export function presentPublicProfile(user: UserRow): PublicProfile {
  return {
    id: user.id,
    displayName: user.display_name,
    bio: user.bio,
    departement: user.departement,
    createdAt: user.created_at.toISOString(),
  };
}
