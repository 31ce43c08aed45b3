/**
 * Video providers: an allow-list of four, each embedded in its privacy-friendly form. Pasted URLs are
 * turned into { provider, videoId, host } and the embed URL is always rebuilt from those attributes,
 * never taken from the author, so a document can only ever embed these four players.
 */
import { isHostname } from './url.ts';

export const VIDEO_PROVIDERS = ['youtube', 'peertube', 'vimeo', 'dailymotion'] as const;
export type VideoProvider = (typeof VIDEO_PROVIDERS)[number];

export const VIDEO_PROVIDER_LABELS: Record<VideoProvider, string> = {
  youtube: 'YouTube',
  peertube: 'PeerTube',
  vimeo: 'Vimeo',
  dailymotion: 'Dailymotion',
};

/** What identifies a video: the provider, its id there and, for PeerTube only, the instance. */
export interface VideoSource {
  provider: VideoProvider;
  videoId: string;
  /** The PeerTube instance ("video.example.org"); null for the other providers. */
  host: string | null;
}

export const VIDEO_ID_PATTERNS: Record<VideoProvider, RegExp> = {
  youtube: /^[A-Za-z0-9_-]{11}$/,
  vimeo: /^[0-9]{1,12}$/,
  dailymotion: /^[A-Za-z0-9]{5,16}$/,
  // A UUID or PeerTube's short id (22 base58 characters).
  peertube: /^[A-Za-z0-9-]{8,64}$/,
};

const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
]);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com']);
const DAILYMOTION_HOSTS = new Set(['dailymotion.com', 'www.dailymotion.com', 'geo.dailymotion.com']);
/** Hosts that are never taken for a PeerTube instance (they belong to another provider). */
const OTHER_VIDEO_HOSTS = new Set([...YOUTUBE_HOSTS, ...VIMEO_HOSTS, ...DAILYMOTION_HOSTS, 'youtu.be', 'dai.ly']);

/** Whether the attributes name a well-formed video of an allowed provider. */
export function isValidVideoSource(source: { provider: unknown; videoId: unknown; host?: unknown }): source is VideoSource {
  const { provider, videoId, host } = source;
  if (typeof provider !== 'string' || !(VIDEO_PROVIDERS as readonly string[]).includes(provider)) return false;
  if (typeof videoId !== 'string' || !VIDEO_ID_PATTERNS[provider as VideoProvider].test(videoId)) return false;
  if (provider === 'peertube') return isPeerTubeHost(host);
  return host === null || host === undefined;
}

/** A host that may be a PeerTube instance: any DNS name, except those of the other providers. */
export function isPeerTubeHost(host: unknown): host is string {
  return isHostname(host) && !OTHER_VIDEO_HOSTS.has(host);
}

function source(provider: VideoProvider, videoId: string | null | undefined, host: string | null = null): VideoSource | null {
  if (!videoId) return null;
  const candidate = { provider, videoId, host };
  return isValidVideoSource(candidate) ? candidate : null;
}

/**
 * Reads a pasted video URL (watch page, short link or embed URL) of one of the four providers.
 * Returns null for anything else, including other hosts, playlists and non-http(s) URLs.
 */
export function parseVideoUrl(input: string): VideoSource | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((s) => s !== '');

  if (YOUTUBE_HOSTS.has(host)) {
    if (segments[0] === 'watch' && segments.length === 1) return source('youtube', url.searchParams.get('v'));
    if (segments.length === 2 && ['embed', 'shorts', 'live', 'v'].includes(segments[0] ?? ''))
      return source('youtube', segments[1]);
    return null;
  }
  if (host === 'youtu.be') return segments.length === 1 ? source('youtube', segments[0]) : null;

  if (VIMEO_HOSTS.has(host)) {
    if (host === 'player.vimeo.com')
      return segments[0] === 'video' && segments.length === 2 ? source('vimeo', segments[1]) : null;
    // vimeo.com/123, vimeo.com/channels/staffpicks/123, vimeo.com/groups/x/videos/123, vimeo.com/showcase/1/video/123
    const id = segments.findLast((s) => /^[0-9]+$/.test(s));
    return source('vimeo', id);
  }

  if (DAILYMOTION_HOSTS.has(host)) {
    if (host === 'geo.dailymotion.com') return source('dailymotion', url.searchParams.get('video'));
    if (segments[0] === 'video' && segments.length === 2) return source('dailymotion', segments[1]?.split('_')[0]);
    if (segments[0] === 'embed' && segments[1] === 'video' && segments.length === 3) return source('dailymotion', segments[2]);
    return null;
  }
  if (host === 'dai.ly') return segments.length === 1 ? source('dailymotion', segments[0]) : null;

  // Any other host is read as a PeerTube instance (federated, so no fixed host list), https only.
  if (url.protocol !== 'https:') return null;
  if (segments[0] === 'w' && segments.length === 2) return source('peertube', segments[1], host);
  if (segments[0] === 'videos' && (segments[1] === 'watch' || segments[1] === 'embed') && segments.length === 3) {
    return source('peertube', segments[2], host);
  }
  return null;
}

/** The privacy-friendly player URL for a video (the only iframe sources the renderer lets through). */
export function videoEmbedUrl(video: VideoSource): string {
  const id = encodeURIComponent(video.videoId);
  switch (video.provider) {
    case 'youtube':
      return `https://www.youtube-nocookie.com/embed/${id}`;
    case 'vimeo':
      return `https://player.vimeo.com/video/${id}?dnt=1`;
    case 'dailymotion':
      return `https://www.dailymotion.com/embed/video/${id}`;
    case 'peertube':
      return `https://${video.host ?? ''}/videos/embed/${id}`;
  }
}

/** The provider's own page for the video, offered as a plain link next to the player. */
export function videoPageUrl(video: VideoSource): string {
  const id = encodeURIComponent(video.videoId);
  switch (video.provider) {
    case 'youtube':
      return `https://www.youtube.com/watch?v=${id}`;
    case 'vimeo':
      return `https://vimeo.com/${id}`;
    case 'dailymotion':
      return `https://www.dailymotion.com/video/${id}`;
    case 'peertube':
      return `https://${video.host ?? ''}/w/${id}`;
  }
}

/** Whether `src` is exactly the embed URL of an allowed video (used to filter rendered iframes). */
export function isAllowedEmbedUrl(src: string): boolean {
  const parsed = parseVideoUrl(src);
  return parsed !== null && videoEmbedUrl(parsed) === src;
}
