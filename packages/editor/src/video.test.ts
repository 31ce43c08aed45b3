import { describe, expect, it } from 'vitest';

import { isAllowedEmbedUrl, parseVideoUrl, videoEmbedUrl, videoPageUrl } from './video.ts';

describe('parseVideoUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'dQw4w9WgXcQ'],
    ['http://m.youtube.com/watch?v=dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['  https://www.youtube.com/live/dQw4w9WgXcQ  ', 'dQw4w9WgXcQ'],
  ])('reads the YouTube URL %s', (url, videoId) => {
    expect(parseVideoUrl(url)).toEqual({ provider: 'youtube', videoId, host: null });
  });

  it.each([
    ['https://vimeo.com/76979871', '76979871'],
    ['https://vimeo.com/channels/staffpicks/76979871', '76979871'],
    ['https://player.vimeo.com/video/76979871?h=abc', '76979871'],
  ])('reads the Vimeo URL %s', (url, videoId) => {
    expect(parseVideoUrl(url)).toEqual({ provider: 'vimeo', videoId, host: null });
  });

  it.each([
    ['https://www.dailymotion.com/video/x8abc12', 'x8abc12'],
    ['https://www.dailymotion.com/video/x8abc12_un-titre', 'x8abc12'],
    ['https://dai.ly/x8abc12', 'x8abc12'],
    ['https://www.dailymotion.com/embed/video/x8abc12', 'x8abc12'],
    ['https://geo.dailymotion.com/player.html?video=x8abc12', 'x8abc12'],
  ])('reads the Dailymotion URL %s', (url, videoId) => {
    expect(parseVideoUrl(url)).toEqual({ provider: 'dailymotion', videoId, host: null });
  });

  it.each([
    ['https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv', 'framatube.org', 'kkGMgK9ZtnKfYAgnEtQxbv'],
    [
      'https://video.example.fr/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d',
      'video.example.fr',
      '9c9de5e8-0a1e-484a-b099-e80766180a6d',
    ],
    ['https://Video.Example.FR/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv', 'video.example.fr', 'kkGMgK9ZtnKfYAgnEtQxbv'],
  ])('reads the PeerTube URL %s', (url, host, videoId) => {
    expect(parseVideoUrl(url)).toEqual({ provider: 'peertube', videoId, host });
  });

  it.each([
    'https://www.facebook.com/watch?v=123456789',
    'https://www.tiktok.com/@x/video/123456789',
    'https://twitter.com/x/status/123',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/playlist?list=PL123',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
    'https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ',
    'ftp://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ',
    'data:text/html,https://youtu.be/dQw4w9WgXcQ',
    'http://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv',
    'https://192.168.1.10/w/kkGMgK9ZtnKfYAgnEtQxbv',
    'https://localhost/w/kkGMgK9ZtnKfYAgnEtQxbv',
    'https://framatube.org/w/p/kkGMgK9ZtnKfYAgnEtQxbv',
    'https://vimeo.com/about',
    'not a url',
    '',
  ])('refuses %j', (url) => {
    expect(parseVideoUrl(url)).toBeNull();
  });
});

describe('embed URLs', () => {
  it('builds the privacy-friendly player of each provider', () => {
    expect(videoEmbedUrl({ provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null })).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(videoEmbedUrl({ provider: 'vimeo', videoId: '76979871', host: null })).toBe(
      'https://player.vimeo.com/video/76979871?dnt=1',
    );
    expect(videoEmbedUrl({ provider: 'dailymotion', videoId: 'x8abc12', host: null })).toBe(
      'https://www.dailymotion.com/embed/video/x8abc12',
    );
    expect(videoEmbedUrl({ provider: 'peertube', videoId: 'kkGMgK9ZtnKfYAgnEtQxbv', host: 'framatube.org' })).toBe(
      'https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv',
    );
    expect(videoPageUrl({ provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null })).toBe(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    );
  });

  it('recognises exactly those embed URLs', () => {
    expect(isAllowedEmbedUrl('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ')).toBe(true);
    expect(isAllowedEmbedUrl('https://player.vimeo.com/video/76979871?dnt=1')).toBe(true);
    expect(isAllowedEmbedUrl('https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv')).toBe(true);
    // The tracking variants and look-alikes are not embed URLs we emit.
    expect(isAllowedEmbedUrl('https://www.youtube.com/embed/dQw4w9WgXcQ')).toBe(false);
    expect(isAllowedEmbedUrl('https://player.vimeo.com/video/76979871')).toBe(false);
    expect(isAllowedEmbedUrl('https://evil.example/embed?x=https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ')).toBe(false);
    expect(isAllowedEmbedUrl('javascript:alert(1)')).toBe(false);
  });
});
