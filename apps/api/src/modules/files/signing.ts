/**
 * Short-lived signed links to file contents. A link names the file, the variant, who may use it
 * (one account, or anyone for public sheets) and when it expires; the API checks all of it before
 * streaming the bytes. Expiry is rounded to the lifetime so that a page shown twice in a row gives
 * the same URLs (browser cache).
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/tokens.ts';

export const VARIANTS = ['original', 'thumbnail', 'w480', 'w960', 'w1600'] as const;
export type VariantName = (typeof VARIANTS)[number];
/** Audience of a link usable without an account (public sheets, secret-link visitors). */
export const ANYONE = 'public';

export function createUrlSigner(secret: string, ttlSeconds: number) {
  // A key of its own, derived from the application secret (domain separation from CSRF tokens).
  const key = createHmac('sha256', secret).update('malle:file-links:v1').digest();
  const mac = (fileId: string, variant: string, audience: string, expires: number) =>
    createHmac('sha256', key).update(`${fileId}\n${variant}\n${audience}\n${expires}`).digest('base64url').slice(0, 43);

  return {
    ttlSeconds,
    sign(fileId: string, variant: VariantName, audience: string, now = Date.now()): string {
      const step = ttlSeconds * 1000;
      const expires = Math.ceil((now + step) / step) * (step / 1000);
      const query = new URLSearchParams({ exp: String(expires), aud: audience, sig: mac(fileId, variant, audience, expires) });
      return `/api/v1/files/${fileId}/${variant}?${query.toString()}`;
    },
    verify(
      fileId: string,
      variant: string,
      query: { exp?: string | undefined; aud?: string | undefined; sig?: string | undefined },
      now = Date.now(),
    ): { ok: true; audience: string; expires: number } | { ok: false; reason: 'invalid' | 'expired' } {
      const expires = Number(query.exp);
      if (!query.sig || !query.aud || !Number.isSafeInteger(expires)) return { ok: false, reason: 'invalid' };
      if (!safeEqual(query.sig, mac(fileId, variant, query.aud, expires))) return { ok: false, reason: 'invalid' };
      if (expires * 1000 <= now) return { ok: false, reason: 'expired' };
      return { ok: true, audience: query.aud, expires };
    },
  };
}

export type UrlSigner = ReturnType<typeof createUrlSigner>;
