import type { Me, PublicProfile } from '@malle/schema/accounts';
import type { UserRow } from './repo.ts';

export function presentMe(user: UserRow, csrfToken: string): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    bio: user.bio,
    departement: user.departement,
    profilePublic: user.profile_public,
    createdAt: user.created_at.toISOString(),
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
