import type { LoginInput, ProfileUpdateInput, SignUpInput } from '@malle/schema/accounts';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../lib/db.ts';
import { AppError, fieldError } from '../../lib/errors.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { enqueueJob } from '../../lib/jobs.ts';
import type { Counters } from '../../lib/rate-limits.ts';
import { isUniqueViolation } from '../../lib/pg-errors.ts';
import { DUMMY_HASH, hashPassword, passwordWeakness, verifyPassword } from '../../lib/passwords.ts';
import { csrfTokenFor, hashToken, newToken } from '../../lib/tokens.ts';
import * as repo from './repo.ts';
import type { UserRow } from './repo.ts';
import { toSessionUser } from './presenter.ts';
import type { AuthenticatedSession, SessionUser } from '../../lib/viewer.ts';

const DAY_MS = 86_400_000;
/** A reset link is valid for one hour. */
export const RESET_TOKEN_TTL_MS = 3_600_000;
/** Sessions seen again after this long get their expiry pushed back (sliding expiry). */
const SESSION_TOUCH_INTERVAL_MS = 3_600_000;
/** Per account, whatever the address asking (ADR 014): failed log-ins, then reset mails. */
export const ACCOUNT_THROTTLE = {
  loginFailures: 10,
  loginWindowMs: 15 * 60_000,
  resetMails: 3,
  resetWindowMs: 60 * 60_000,
} as const;

/** Counter keys name an account by a hash of its address, not the address itself. */
const accountKey = (kind: string, email: string) => `account:${kind}:${hashToken(email.toLowerCase()).toString('base64url')}`;

export type { AuthenticatedSession } from '../../lib/viewer.ts';

export interface NewSession {
  token: string;
  expiresAt: Date;
  user: SessionUser;
  csrfToken: string;
}

export type AccountService = ReturnType<typeof createAccountService>;

/** Accounts: sign-up, login, sessions, password reset, profiles. */
export function createAccountService(deps: {
  db: Database;
  mailer: Mailer;
  log: FastifyBaseLogger;
  sessionSecret: string;
  sessionTtlDays: number;
  publicUrl: string;
  counters: Counters;
}) {
  const { db } = deps;
  const ttlMs = deps.sessionTtlDays * DAY_MS;

  async function openSession(executor: Parameters<typeof repo.insertSession>[0], user: UserRow): Promise<NewSession> {
    const token = newToken();
    const session = await repo.insertSession(executor, {
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + ttlMs),
    });
    return {
      token,
      expiresAt: session.expires_at,
      user: toSessionUser(user),
      csrfToken: csrfTokenFor(deps.sessionSecret, session.id),
    };
  }

  function assertStrong(password: string, userInputs: string[]) {
    const weakness = passwordWeakness(password, userInputs);
    if (weakness) throw fieldError('weak_password', 'password', weakness);
  }

  return {
    /** Creates the account and its first session in one transaction: all or nothing. */
    async signUp(input: SignUpInput): Promise<NewSession> {
      assertStrong(input.password, [input.email, input.displayName]);
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.transaction().execute(async (trx) => {
          const user = await repo.insertUser(trx, { email: input.email, passwordHash, displayName: input.displayName });
          return openSession(trx, user);
        });
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_key'))
          throw fieldError(
            'email_taken',
            'email',
            'Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe.',
          );
        throw error;
      }
    },

    /**
     * Same answer and about the same time whether the e-mail is unknown or the password wrong.
     * After too many failures for one address, from anywhere, that address is refused for a
     * while (known or not, so the refusal reveals nothing either).
     */
    async logIn(input: LoginInput): Promise<NewSession> {
      const throttle = accountKey('login', input.email);
      const failures = await deps.counters.peek(throttle);
      if (failures.count >= ACCOUNT_THROTTLE.loginFailures) {
        const minutes = Math.max(1, Math.ceil(failures.ttlMs / 60_000));
        throw new AppError('rate_limited', {
          message: `Trop d’essais pour ce compte. Réessayez dans ${minutes} minute(s), ou réinitialisez votre mot de passe.`,
          details: { retryAfterSeconds: Math.ceil(failures.ttlMs / 1000) },
        });
      }
      const found = await repo.findUserWithHashByEmail(db, input.email);
      const ok = await verifyPassword(found?.password_hash ?? DUMMY_HASH, input.password);
      if (!found || !ok) {
        await deps.counters.hit(throttle, ACCOUNT_THROTTLE.loginWindowMs);
        throw new AppError('invalid_credentials');
      }
      if (failures.count > 0) await deps.counters.reset(throttle);
      const { password_hash: _hash, ...user } = found;
      return openSession(db, user);
    },

    async logOut(token: string): Promise<void> {
      await repo.deleteSessionByTokenHash(db, hashToken(token));
    },

    /** Resolves a session cookie; pushes the expiry back at most once an hour. */
    async authenticate(token: string): Promise<AuthenticatedSession | null> {
      if (token.length > 100) return null;
      const row = await repo.findLiveSession(db, hashToken(token));
      if (!row) return null;
      if (Date.now() - row.last_seen_at.getTime() > SESSION_TOUCH_INTERVAL_MS) {
        await repo.touchSession(db, row.session_id, new Date(Date.now() + ttlMs));
      }
      const { session_id: sessionId, last_seen_at: _seen, expires_at: _expires, ...user } = row;
      return { sessionId, user: toSessionUser(user), csrfToken: csrfTokenFor(deps.sessionSecret, sessionId) };
    },

    /**
     * Always succeeds from the caller's point of view, so that it does not reveal which e-mails have
     * an account: the request only queues a job, the same work whoever asks (constant time, ADR
     * 014). The job looks the account up and sends the link.
     */
    async requestPasswordReset(email: string): Promise<void> {
      await enqueueJob(db, 'password_reset_mail', { email }, { maxAttempts: 5 });
    },

    /** The job behind `requestPasswordReset`: a link for a known account, at most a few an hour. */
    async sendPasswordReset(email: string): Promise<'sent' | 'unknown' | 'throttled'> {
      const user = await repo.findUserWithHashByEmail(db, email);
      if (!user) return 'unknown';
      const sent = await deps.counters.hit(accountKey('reset', email), ACCOUNT_THROTTLE.resetWindowMs);
      if (sent.count > ACCOUNT_THROTTLE.resetMails) return 'throttled';
      const token = newToken();
      await repo.insertResetToken(db, {
        tokenHash: hashToken(token),
        userId: user.id,
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      });
      const link = `${deps.publicUrl}/mot-de-passe/nouveau?token=${encodeURIComponent(token)}`;
      await deps.mailer.send({
        to: user.email,
        subject: 'Réinitialisation de votre mot de passe Malle',
        text:
          `Bonjour ${user.display_name},\n\n` +
          `Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n${link}\n\n` +
          "Si vous n'avez pas demandé ce changement, ignorez ce message : votre mot de passe reste le même.\n\n" +
          "L'équipe Malle",
      });
      return 'sent';
    },

    /**
     * Sets the new password, spends every reset link of the person, closes all their sessions and
     * opens a fresh one, in one transaction. A reused or concurrent link fails cleanly.
     */
    async confirmPasswordReset(token: string, password: string): Promise<NewSession> {
      const passwordHash = await hashPassword(password);
      return db.transaction().execute(async (trx) => {
        const row = await repo.findResetTokenForUpdate(trx, hashToken(token));
        if (!row || row.used_at) throw new AppError('reset_token_invalid');
        if (row.expires_at.getTime() <= Date.now()) throw new AppError('reset_token_expired');
        const user = await repo.findUserById(trx, row.user_id);
        if (!user) throw new AppError('reset_token_invalid');
        assertStrong(password, [user.email, user.display_name]);
        await repo.updatePasswordHash(trx, user.id, passwordHash);
        await repo.spendResetTokensOfUser(trx, user.id);
        await repo.deleteSessionsOfUser(trx, user.id);
        return openSession(trx, user);
      });
    },

    async updateProfile(userId: string, input: ProfileUpdateInput): Promise<SessionUser> {
      const user = await repo.updateProfile(db, userId, input);
      if (!user) throw new AppError('not_found');
      return toSessionUser(user);
    },

    /** A profile is visible to everyone when public, and always to its owner. */
    async getProfile(id: string, viewerId: string | undefined): Promise<UserRow> {
      const user = await repo.findUserById(db, id);
      if (!user || (!user.profile_public && user.id !== viewerId)) throw new AppError('not_found');
      return user;
    },

    /** Housekeeping: forgets expired sessions and old reset links (they are useless, and personal data). */
    purgeExpired: () => repo.deleteExpired(db),
  };
}
