import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';
import { safeEqual } from '../lib/tokens.ts';
import type { AuthenticatedSession, Viewer } from '../lib/viewer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person's session, or null for anonymous requests. */
    auth: AuthenticatedSession | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** The route answers the same to everyone and never reads the session (embeds, oEmbed). */
    anonymous?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SessionCookieOptions {
  secure: boolean;
  name: string;
}

/** `__Host-` binds the cookie to the exact host over https; plain name on http loopback. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-malle_session' : 'malle_session';
}

export function setSessionCookie(reply: FastifyReply, opts: SessionCookieOptions, token: string, expires: Date) {
  reply.setCookie(opts.name, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure, expires });
}

export function clearSessionCookie(reply: FastifyReply, opts: SessionCookieOptions) {
  reply.clearCookie(opts.name, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
}

export function viewerOf(request: FastifyRequest): Viewer | null {
  return request.auth ? { id: request.auth.user.id, email: request.auth.user.email } : null;
}

/** The signed-in viewer; throws `unauthenticated` for anonymous requests. */
export function signedIn(request: FastifyRequest): Viewer {
  const { user } = requireAuth(request);
  return { id: user.id, email: user.email };
}

/** Throws `unauthenticated` unless the request carries a live session. */
export function requireAuth(request: FastifyRequest): AuthenticatedSession {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

/**
 * Resolves the session cookie on every request, then guards writes against cross-site requests:
 * a browser Origin must be ours (or an allowed CORS origin), and a cookie-authenticated write must
 * carry the session's CSRF token in `x-csrf-token`.
 */
export const session = fp(
  async (
    app: FastifyInstance,
    opts: {
      /** Resolves a session cookie (the accounts module does): plugins know no module. */
      authenticate: (token: string) => Promise<AuthenticatedSession | null>;
      cookie: SessionCookieOptions;
      allowedOrigins: string[];
    },
  ) => {
    app.decorateRequest('auth', null);
    app.decorateRequest('sessionToken', null);
    const allowed = new Set(opts.allowedOrigins);

    app.addHook('onRequest', async (request) => {
      // Public answers (embeds, oEmbed) are the same for everyone: they never look at the session.
      if (request.routeOptions.config.anonymous) return;
      const token = request.cookies[opts.cookie.name];
      if (!token) return;
      request.sessionToken = token;
      request.auth = await opts.authenticate(token);
    });

    app.addHook('preValidation', async (request) => {
      if (!UNSAFE.has(request.method)) return;
      const origin = request.headers.origin;
      if (origin && !allowed.has(origin)) throw new AppError('csrf_failed');
      if (request.auth) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, request.auth.csrfToken)) throw new AppError('csrf_failed');
      }
    });
  },
);
