import { describe, expect, it } from 'vitest';
import { LoginInput, ProfileUpdateInput, SignUpInput } from './accounts.ts';
import { departementLabel } from './departements.ts';

describe('account schemas', () => {
  it('normalises e-mail addresses so that case and spaces never make a second account', () => {
    const parsed = SignUpInput.parse({ email: '  Marie.Curie@Exemple.FR ', password: 'x'.repeat(12), displayName: ' Marie ' });
    expect(parsed).toEqual({ email: 'marie.curie@exemple.fr', password: 'x'.repeat(12), displayName: 'Marie' });
  });

  it('refuses unknown fields and explains the rules in French', () => {
    const result = SignUpInput.safeParse({ email: 'a@b.fr', password: 'court', displayName: 'A', role: 'admin' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain('Le mot de passe doit contenir au moins 10 caractères.');
    expect(result.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('accepts any non-empty password at login (old passwords predate the rules)', () => {
    expect(LoginInput.safeParse({ email: 'a@b.fr', password: 'court' }).success).toBe(true);
  });

  it('knows the départements, overseas and Corsica included', () => {
    expect(ProfileUpdateInput.safeParse({ displayName: 'A', bio: '', departement: '2A', profilePublic: true }).success).toBe(
      true,
    );
    expect(ProfileUpdateInput.safeParse({ displayName: 'A', bio: '', departement: '20', profilePublic: true }).success).toBe(
      false,
    );
    expect(departementLabel('974')).toBe('La Réunion (974)');
  });
});
