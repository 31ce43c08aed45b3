/**
 * oEmbed discovery (https://oembed.com/#section4): a `<link rel="alternate">` that lets CMSs such
 * as WordPress turn a pasted Malle address into an embed by themselves. Only for what may be
 * embedded: public pages, or secret-link pages opened with their key.
 */
export function oembedDiscovery(origin: string, path: string, page: { title: string; visibility: string }, key: string | null) {
  if (page.visibility === 'private' || (page.visibility === 'secret_link' && !key)) return [];
  const url = `${origin}${path}${page.visibility === 'secret_link' && key ? `?cle=${encodeURIComponent(key)}` : ''}`;
  return [
    {
      tagName: 'link',
      rel: 'alternate',
      type: 'application/json+oembed',
      href: `${origin}/api/v1/oembed?url=${encodeURIComponent(url)}&format=json`,
      title: page.title,
    },
  ];
}
