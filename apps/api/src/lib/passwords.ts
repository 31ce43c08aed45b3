import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). Parameters are stored in each hash, so
// they can be raised later without invalidating existing passwords.
const ARGON2_OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Hash compared against when no account matches, so that a wrong e-mail costs as much time as a
 * wrong password and login timing does not reveal which addresses have accounts.
 */
export const DUMMY_HASH = await hashPassword('malle-dummy-password-never-matches');

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...fr.dictionary },
  graphs: common.adjacencyGraphs,
  translations: fr.translations,
});

/**
 * Rejects passwords a guesser would find quickly (zxcvbn score below 3 of 4, i.e. fewer than about
 * 10^8 guesses), taking the person's own e-mail and name into account. Returns French advice.
 */
export function passwordWeakness(password: string, userInputs: string[]): string | null {
  const result = zxcvbn.check(
    password,
    userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((s) => s.length > 2),
  );
  if (result.score >= 3) return null;
  const advice = [result.feedback.warning, ...result.feedback.suggestions]
    .filter((s): s is string => Boolean(s))
    .map((s) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`))
    .join(' ');
  return `Ce mot de passe est trop facile à deviner.${advice ? ` ${advice}` : ''} Une phrase de plusieurs mots sans rapport entre eux est à la fois sûre et facile à retenir.`;
}
