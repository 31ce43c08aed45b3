import { describe, expect, it } from 'vitest';
import { signUpThroughPage } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/browser.ts';
import { usePeople } from '../support/people.ts';

const { person, expect404 } = usePeople();

describe('bases in the browser', () => {
  it('creates a base, invites a member who accepts, manages roles, handles a join request', async () => {
    const stamp = Date.now();
    const admin = await person();
    const member = await person();
    const applicant = await person();
    const memberEmail = `membre.${stamp}@exemple.fr`;
    await signUpThroughPage(admin, `admin.${stamp}@exemple.fr`, 'Aurélie Admin');
    await signUpThroughPage(member, memberEmail, 'Malik Membre');
    await signUpThroughPage(applicant, `candidate.${stamp}@exemple.fr`, 'Chloé Candidate');

    await admin.getByRole('navigation', { name: 'Mon compte' }).getByRole('link', { name: 'Mes bases' }).click();
    await admin.getByRole('link', { name: 'Créer une base' }).click();
    await admin.waitForURL('**/bases/nouvelle');
    await expectNoAxeViolations(admin);
    await admin.getByLabel('Nom de la base').fill(`Réseau numérique du Jura ${stamp}`);
    await admin.getByLabel('Description (facultatif)').fill('Les conseillers numériques du Jura partagent leurs ateliers.');
    await admin.getByLabel('Département (facultatif)').selectOption('39');
    await admin.getByRole('button', { name: 'Créer la base' }).click();
    await admin.getByRole('heading', { level: 1, name: `Réseau numérique du Jura ${stamp}` }).waitFor();
    expect(admin.url()).toContain(`/bases/reseau-numerique-du-jura-${stamp}?creee=1`);
    expect(await admin.locator('main').innerText()).toContain('Jura (39)');
    await expectNoAxeViolations(admin);

    await admin.getByRole('link', { name: 'Gérer les membres' }).click();
    await expectNoAxeViolations(admin);
    await admin.getByLabel('Adresse e-mail').fill(memberEmail);
    await admin.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await admin.getByText('Invitation envoyée.').waitFor();
    const pending = admin.getByRole('region', { name: 'Invitations en attente (1)' });
    await pending.waitFor();
    expect(await pending.innerText()).toContain(memberEmail);

    await member.goto('/mes-invitations');
    await expectNoAxeViolations(member);
    await member.getByRole('button', { name: `Accepter l’invitation de Réseau numérique du Jura ${stamp}` }).click();
    await member.getByRole('heading', { level: 1, name: `Réseau numérique du Jura ${stamp}` }).waitFor();
    expect(await member.getByRole('listitem').filter({ hasText: 'Malik Membre' }).textContent()).toContain('Contributeur');

    // Roles are changed from the members table, with a keyboard-reachable select and button.
    await admin.reload();
    await admin.getByLabel('Rôle de Malik Membre').selectOption('admin');
    await admin.getByRole('button', { name: 'Changer le rôle de Malik Membre' }).click();
    await admin.getByText('Rôle modifié.').waitFor();
    // The last administrator cannot step down... but there are two now, so Aurélie can.
    await admin.getByLabel('Rôle de Aurélie Admin').selectOption('contributor');
    await admin.getByRole('button', { name: 'Changer le rôle de Aurélie Admin' }).click();
    // No longer an administrator: back on the base page, without the management links.
    await admin.getByRole('heading', { level: 1, name: `Réseau numérique du Jura ${stamp}` }).waitFor();
    expect(await admin.getByRole('link', { name: 'Gérer les membres' }).count()).toBe(0);

    await applicant.goto(`/bases/reseau-numerique-du-jura-${stamp}`);
    await applicant.getByLabel('Message aux administrateurs (facultatif)').fill('Je suis médiatrice à Dole.');
    await applicant.getByRole('button', { name: 'Demander à rejoindre' }).click();
    await applicant.getByText('Votre demande a été envoyée').waitFor();
    await expectNoAxeViolations(applicant);

    await member.goto(`/bases/reseau-numerique-du-jura-${stamp}/membres`);
    expect(await member.locator('main').innerText()).toContain('Je suis médiatrice à Dole.');
    await member.getByRole('button', { name: 'Accepter la demande de Chloé Candidate' }).click();
    await member.getByText('Demande acceptée').waitFor();
    await expectNoAxeViolations(member);
    // Malik is now the only administrator: stepping down is refused with an explanation.
    await member.getByLabel('Rôle de Malik Membre').selectOption('contributor');
    await member.getByRole('button', { name: 'Changer le rôle de Malik Membre' }).click();
    await member.getByRole('alert').waitFor();
    expect(await member.getByRole('alert').textContent()).toMatch(/au moins un administrateur/);
    await expectNoAxeViolations(member);
  });

  it('keeps a private base invisible to outsiders', async () => {
    const stamp = Date.now();
    const owner = await person();
    const outsider = await person();
    await signUpThroughPage(owner, `prive.${stamp}@exemple.fr`, 'Paul Privé');
    await signUpThroughPage(outsider, `curieux.${stamp}@exemple.fr`, 'Claude Curieux');
    await owner.goto('/bases/nouvelle');
    await owner.getByLabel('Nom de la base').fill(`Équipe interne ${stamp}`);
    await owner.getByLabel('Privée : seuls ses membres la voient').check();
    await owner.getByRole('button', { name: 'Créer la base' }).click();
    await owner.getByRole('heading', { level: 1, name: `Équipe interne ${stamp}` }).waitFor();
    expect(await owner.locator('main').innerText()).toContain('Base privée');

    expect404();
    const res = await outsider.goto(`/bases/equipe-interne-${stamp}`);
    expect(res?.status()).toBe(404);
    await outsider.goto('/bases');
    expect(await outsider.locator('main').innerText()).not.toContain(`Équipe interne ${stamp}`);
    await expectNoAxeViolations(outsider);
  });
});
