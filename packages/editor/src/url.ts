/**
 * URL rules shared by the nodes, the validator and the renderer. Every check parses the value with
 * the WHATWG URL parser (the one browsers use), so leading spaces, tabs, newlines, mixed case and
 * other tricks (" JaVa\tScript:alert(1)") are seen exactly as a browser would see them, and then
 * compares the scheme against an allow-list. Relative URLs are never accepted in a document.
 */

/** Schemes that must never appear in a URL attribute, whatever the context. */
const DANGEROUS_SCHEME = /^(?:javascript|data|vbscript):/;

function parse(value: string): URL | null {
  if (value.length > 2048) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** An absolute http(s) URL with a host (used by link cards, their image and video pages). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const url = parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** A link target: absolute http(s) with a host, or mailto:. */
export function isLinkHref(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (isHttpUrl(value)) return true;
  const url = parse(value);
  return url !== null && url.protocol === 'mailto:' && url.pathname.length > 0;
}

/**
 * Whether a string would be read as a javascript:, data: or vbscript: URL, once browsers' leniency is
 * taken into account: ASCII whitespace and control characters anywhere, HTML character references
 * (&#58; &colon;) and percent-encoding are undone before looking at the scheme.
 */
export function hasDangerousScheme(value: string): boolean {
  let text = value;
  for (let round = 0; round < 3; round += 1) {
    const decoded = decodeEntities(safeDecodeUri(text));
    if (decoded === text) break;
    text = decoded;
  }
  const compact = text.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g, '').toLowerCase();
  return DANGEROUS_SCHEME.test(compact);
}

function safeDecodeUri(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  nbsp: ' ',
  amp: '&',
  lpar: '(',
  rpar: ')',
  sol: '/',
};

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return codePoint(Number.parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return codePoint(Number.parseInt(body.slice(1), 10), whole);
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function codePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** A DNS host name such as "video.example.org" (no IP address, no port, no "localhost"). */
export function isHostname(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= 253 && /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value)
  );
}

/** The host of an http(s) URL, without "www.", for display ("exemple.fr"). */
export function displayHost(value: string): string {
  const url = parse(value);
  return url ? url.hostname.replace(/^www\./, '') : '';
}
