import { generateHTML } from '@tiptap/html/server';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';

import { createExtensions } from './extensions.ts';
import { InvalidDocumentError, documentFiles, renderHtml, renderText, sanitizeEditorHtml, tableOfContents } from './render.ts';
import { FILE_ID, OTHER_FILE_ID, doc, link, paragraph, quizQuestion, richDocument, text } from './testing/fixtures.ts';

const window = new Window();
afterAll(async () => {
  await window.happyDOM.close();
});

function parse(html: string): Element {
  const root = window.document.createElement('div');
  root.innerHTML = html;
  return root as unknown as Element;
}

/** Every element of the rendered HTML, as a browser would parse it. */
function elements(html: string): Element[] {
  return Array.from(parse(html).querySelectorAll('*'));
}

function assertInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  for (const element of elements(html)) {
    expect(element.tagName.toLowerCase()).not.toMatch(/^(?:script|style|object|embed|svg|math|base|meta|link)$/);
    for (const attribute of Array.from(element.attributes)) {
      expect(attribute.name.toLowerCase()).not.toMatch(/^on/);
      expect(attribute.name.toLowerCase()).not.toMatch(/^(?:srcdoc|formaction|action)$/);
      if (['href', 'src'].includes(attribute.name))
        expect(attribute.value.replace(/\s/g, '').toLowerCase()).toMatch(/^(?:https?:|mailto:)/);
    }
    if (element.tagName === 'IFRAME') expect(element.getAttribute('sandbox')).toContain('allow-scripts');
  }
}

const hostile = '<script>alert(1)</script><img src=x onerror=alert(1)>" onmouseover="alert(1)';

describe('renderHtml', () => {
  it('renders every block of a rich document', () => {
    const html = renderHtml(richDocument());
    const root = parse(html);
    expect(root.querySelector('h2')?.textContent).toBe('Objectifs de l’atelier');
    expect(root.querySelector('h3')?.id).toBe('section-deroule');
    expect(root.querySelector('strong')?.textContent).toBe('repérer');
    expect(root.querySelector('em > u, u > em')?.textContent).toBe('hameçonnage');
    expect(root.querySelector('a[href="https://www.cybermalveillance.gouv.fr/"]')?.getAttribute('rel')).toBe(
      'noopener noreferrer nofollow',
    );
    expect(root.querySelector('a[href="https://www.cybermalveillance.gouv.fr/"]')?.getAttribute('target')).toBe('_blank');
    expect(root.querySelector('a[href^="mailto:"]')?.textContent).toBe('courriel');
    expect(root.querySelector('ol[start="3"]')).not.toBeNull();
    expect(root.querySelector('blockquote p')?.textContent).toBe('Le doute est un bon réflexe.');
    expect(root.querySelector('aside.callout .callout-title')?.textContent).toBe('À retenir');
    expect(root.querySelector('aside.callout li')?.textContent).toBe('Vérifier l’expéditeur');
    expect(root.querySelectorAll('table th')).toHaveLength(2);
    expect(root.querySelectorAll('table th')[1]?.getAttribute('style')).toBe('text-align:center');
    expect(root.querySelectorAll('table td')[1]?.textContent).toBe('« Votre compte sera fermé »');
    expect(root.querySelector('hr')).not.toBeNull();
    expect(root.querySelector('br')).not.toBeNull();
  });

  it('renders images and attachments as placeholders carrying the file id', () => {
    const root = parse(renderHtml(richDocument()));
    const img = root.querySelector('figure[data-type="image"] img');
    expect(img?.getAttribute('data-file-id')).toBe(FILE_ID);
    expect(img?.getAttribute('alt')).toBe('Capture d’un faux courriel');
    expect(img?.hasAttribute('src')).toBe(false);
    expect(root.querySelector('figure[data-type="image"] figcaption')?.textContent).toBe('Un exemple réel');
    const attachment = root.querySelector('div[data-type="attachment"]');
    expect(attachment?.getAttribute('data-role')).toBe('guide_animation');
    expect(attachment?.querySelector('.attachment-role')?.textContent).toBe("Guide d'animation");
    expect(attachment?.querySelector('a')?.getAttribute('data-file-id')).toBe(OTHER_FILE_ID);
    expect(attachment?.querySelector('a')?.hasAttribute('href')).toBe(false);
  });

  it('uses resolveFileUrl when given', () => {
    const root = parse(
      renderHtml(richDocument(), {
        resolveFileUrl: (id, kind) => (kind === 'image' ? `https://files.example/${id}.png` : `/fichiers/${id}`),
      }),
    );
    expect(root.querySelector('figure[data-type="image"] img')?.getAttribute('src')).toBe(`https://files.example/${FILE_ID}.png`);
    expect(root.querySelector('div[data-type="attachment"] a')?.getAttribute('href')).toBe(`/fichiers/${OTHER_FILE_ID}`);
    // A resolver cannot smuggle a dangerous URL either.
    const evil = parse(renderHtml(richDocument(), { resolveFileUrl: () => 'javascript:alert(1)' }));
    expect(evil.querySelector('figure[data-type="image"] img')?.hasAttribute('src')).toBe(false);
    expect(evil.querySelector('div[data-type="attachment"] a')?.hasAttribute('href')).toBe(false);
  });

  it('renders a link card and a privacy-friendly, sandboxed video player', () => {
    const root = parse(renderHtml(richDocument()));
    const card = root.querySelector('div[data-type="link-card"] a');
    expect(card?.getAttribute('href')).toBe('https://www.example.org/guide');
    expect(card?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(card?.querySelector('img')?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(card?.querySelector('.link-card-title')?.textContent).toBe('Guide pratique');
    expect(card?.querySelector('.link-card-host')?.textContent).toBe('example.org');
    const iframe = root.querySelector('figure[data-type="video"] iframe');
    expect(iframe?.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(iframe?.getAttribute('title')).toBe('Reconnaître un faux site');
    expect(iframe?.getAttribute('loading')).toBe('lazy');
    expect(iframe?.getAttribute('referrerpolicy')).toBe('strict-origin-when-cross-origin');
    expect(iframe?.getAttribute('sandbox')?.split(' ')).toEqual(
      expect.arrayContaining(['allow-scripts', 'allow-same-origin', 'allow-presentation']),
    );
    expect(iframe?.getAttribute('sandbox')).not.toContain('allow-top-navigation');
    expect(iframe?.getAttribute('allow')).toContain('fullscreen');
  });

  it('renders each provider’s player', () => {
    const cases = [
      [{ provider: 'vimeo', videoId: '76979871', host: null }, 'https://player.vimeo.com/video/76979871?dnt=1'],
      [{ provider: 'dailymotion', videoId: 'x8abc12', host: null }, 'https://www.dailymotion.com/embed/video/x8abc12'],
      [
        { provider: 'peertube', videoId: 'kkGMgK9ZtnKfYAgnEtQxbv', host: 'framatube.org' },
        'https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv',
      ],
    ] as const;
    for (const [attrs, src] of cases) {
      const root = parse(renderHtml(doc({ type: 'video', attrs: { ...attrs, title: null } })));
      expect(root.querySelector('iframe')?.getAttribute('src')).toBe(src);
      expect(root.querySelector('iframe')?.getAttribute('title')).toMatch(/^Vidéo /);
    }
  });

  it('renders the quiz as an accessible static form', () => {
    const root = parse(renderHtml(richDocument()));
    const quiz = root.querySelector('section[data-type="quiz"]');
    expect(quiz?.getAttribute('aria-label')).toBe('Quiz');
    const fieldsets = Array.from(quiz?.querySelectorAll('fieldset') ?? []);
    expect(fieldsets).toHaveLength(2);
    const [single, multiple] = fieldsets;
    expect(single?.querySelector('legend .quiz-prompt')?.textContent).toBe('Un courriel urgent est-il suspect ?');
    // One right answer: radio buttons sharing a name, each inside its label.
    const radios = Array.from(single?.querySelectorAll('label > input') ?? []);
    expect(radios.map((r) => r.getAttribute('type'))).toEqual(['radio', 'radio']);
    expect(new Set(radios.map((r) => r.getAttribute('name'))).size).toBe(1);
    expect(single?.querySelector('label')?.textContent?.trim()).toBe('Oui');
    expect(single?.querySelector('details summary')?.textContent).toBe('Voir la réponse');
    expect(single?.querySelector('details .quiz-solution')?.textContent).toBe('Bonne réponse : Oui');
    expect(single?.querySelector('details .quiz-explanation')?.textContent).toBe('L’urgence est un levier classique.');
    // Several right answers: checkboxes.
    expect(Array.from(multiple?.querySelectorAll('input') ?? []).map((i) => i.getAttribute('type'))).toEqual([
      'checkbox',
      'checkbox',
      'checkbox',
    ]);
    expect(multiple?.querySelector('legend')?.textContent).toContain('plusieurs réponses possibles');
    expect(multiple?.querySelector('.quiz-solution')?.textContent).toBe('Bonnes réponses : Fautes ; Adresse étrange');
    expect(multiple?.querySelector('.quiz-explanation')).toBeNull();
    expect(quiz?.querySelector('form button')?.getAttribute('type')).toBe('reset');
    expect(quiz?.querySelector('form')?.hasAttribute('action')).toBe(false);
  });

  it('keeps radio groups apart when two quizzes share question ids', () => {
    const quiz = { type: 'quiz', attrs: { questions: [quizQuestion('q1')] } };
    const names = elements(renderHtml(doc(quiz, quiz))).flatMap((e) => (e.tagName === 'INPUT' ? [e.getAttribute('name')] : []));
    expect(names).toEqual(['quiz-q1', 'quiz-q1', 'quiz-q1-2', 'quiz-q1-2']);
  });

  it('escapes text that looks like HTML everywhere a person can type', () => {
    const document = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text(hostile)] },
      paragraph(text(hostile, [link('https://exemple.fr/?q=<script>')])),
      { type: 'callout', content: [paragraph(text(hostile))] },
      { type: 'image', attrs: { fileId: FILE_ID, alt: hostile, caption: hostile } },
      { type: 'attachment', attrs: { fileId: FILE_ID, role: 'autre', label: hostile } },
      {
        type: 'linkCard',
        attrs: { url: 'https://exemple.fr/"><script>alert(1)</script>', title: hostile, description: hostile, imageUrl: null },
      },
      { type: 'video', attrs: { provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null, title: hostile } },
      {
        type: 'quiz',
        attrs: {
          questions: [
            quizQuestion('q', {
              prompt: hostile,
              explanation: hostile,
              choices: [
                { id: 'a', text: hostile, correct: true },
                { id: 'b', text: 'ok', correct: false },
              ],
            }),
          ],
        },
      },
    );
    const html = renderHtml(document);
    assertInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The text is still there, as text.
    const root = parse(html);
    expect(root.querySelector('h2')?.textContent).toBe(hostile);
    expect(root.querySelector('img')?.getAttribute('alt')).toBe(hostile);
    expect(root.querySelector('.quiz-prompt')?.textContent).toBe(hostile);
    expect(root.querySelectorAll('img')).toHaveLength(1);
  });

  it('refuses to render an invalid document', () => {
    expect(() => renderHtml(doc(paragraph(text('x', [link('javascript:alert(1)')]))))).toThrow(InvalidDocumentError);
    try {
      renderHtml(doc({ type: 'script' }));
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidDocumentError).issues).toEqual([
        { path: 'content.0.type', message: 'Type de bloc inconnu : « script ».' },
      ]);
    }
  });

  it('lets through everything the extensions emit, except the styling it deliberately drops', () => {
    const pairs = (html: string) =>
      new Set(
        elements(html).flatMap((e) => [
          e.tagName.toLowerCase(),
          ...Array.from(e.attributes).map((a) => `${e.tagName.toLowerCase()}[${a.name}]`),
        ]),
      );
    const raw = pairs(generateHTML(richDocument(), createExtensions()));
    const clean = pairs(renderHtml(richDocument()));
    const dropped = [...raw].filter((pair) => !clean.has(pair)).sort();
    expect(dropped).toEqual(['col', 'col[style]', 'colgroup', 'p[contenteditable]', 'table[style]', 'td[colwidth]']);
  });
});

describe('sanitizeEditorHtml (defence in depth)', () => {
  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="alert(1)">ok</p>', '<p>ok</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="a">', '<img alt="a" />'],
    ['<img src=x onerror=alert(1) alt="">', '<img src="x" alt="" />'],
    ['<iframe src="https://evil.example/embed/x"></iframe><p>ok</p>', '<p>ok</p>'],
    ['<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>', ''],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', ''],
    ['<input type="text" value="x"><input type="radio" name="q" value="a">', '<input type="radio" name="q" value="a" />'],
    ['<button type="submit">go</button><button type="reset">effacer</button>', '<button type="reset">effacer</button>'],
    ['<button>go</button><p>ok</p>', '<p>ok</p>'],
    ['<form action="https://evil.example" method="post"><p>x</p></form>', '<form><p>x</p></form>'],
    ['<style>body{display:none}</style><svg><script>alert(1)</script></svg><math></math>ok', 'ok'],
    ['<p style="background:url(javascript:alert(1))">x</p>', '<p>x</p>'],
    ['<td style="text-align:left;position:fixed" colspan="2">x</td>', '<td style="text-align:left" colspan="2">x</td>'],
    ['<h2 id="main" class="x">t</h2>', '<h2>t</h2>'],
    [
      '<a href="https://a.fr" target="_self" rel="opener">x</a>',
      '<a href="https://a.fr" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
  ])('cleans %s', (input, output) => {
    expect(sanitizeEditorHtml(input)).toBe(output);
  });

  it('forces the sandbox of allowed players', () => {
    const html = sanitizeEditorHtml(
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" sandbox="allow-top-navigation allow-scripts"></iframe>',
    );
    expect(parse(html).querySelector('iframe')?.getAttribute('sandbox')).toBe(
      'allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox',
    );
  });
});

describe('renderText', () => {
  it('gives the searchable text, one block per line', () => {
    expect(renderText(richDocument())).toBe(
      [
        'Objectifs de l’atelier',
        'Apprendre à repérer un hameçonnage',
        'avec Cybermalveillance ou par courriel.',
        'Déroulé',
        'Accueil',
        'Tour de table',
        'Exercice',
        'Troisième',
        'Le doute est un bon réflexe.',
        'Ne jamais cliquer dans l’urgence.',
        'Vérifier l’expéditeur',
        'Signe',
        'Exemple',
        'Urgence',
        '« Votre compte sera fermé »',
        'Un exemple réel',
        'Guide de l’animateur',
        'Guide pratique',
        'Tout savoir sur le phishing',
        'Reconnaître un faux site',
        'Un courriel urgent est-il suspect ?',
        'Oui',
        'Non',
        'L’urgence est un levier classique.',
        'Quels indices ?',
        'Fautes',
        'Adresse étrange',
        'Logo officiel',
        'Fin.',
      ].join('\n'),
    );
  });

  it('keeps markup-looking text as is (it is plain text) and skips empty blocks', () => {
    expect(renderText(doc(paragraph(), paragraph(text('<b>pas du HTML</b>')), { type: 'horizontalRule' }))).toBe(
      '<b>pas du HTML</b>',
    );
  });
});

describe('tableOfContents', () => {
  it('lists headings with stable, unique, prefixed ids matching the rendered HTML', () => {
    const document = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text('Étape 1 : préparer')] },
      { type: 'heading', attrs: { level: 3 }, content: [text('Matériel')] },
      { type: 'heading', attrs: { level: 3 }, content: [text('Matériel')] },
      { type: 'heading', attrs: { level: 4 }, content: [text('!!!')] },
    );
    const toc = tableOfContents(document);
    expect(toc).toEqual([
      { id: 'section-etape-1-preparer', level: 2, text: 'Étape 1 : préparer' },
      { id: 'section-materiel', level: 3, text: 'Matériel' },
      { id: 'section-materiel-2', level: 3, text: 'Matériel' },
      { id: 'section-4', level: 4, text: '!!!' },
    ]);
    const ids = elements(renderHtml(document)).map((e) => e.id);
    expect(ids).toEqual(toc.map((entry) => entry.id));
  });
});

describe('documentFiles', () => {
  it('lists the images and attachments a document uses', () => {
    expect(documentFiles(richDocument())).toEqual([
      { fileId: FILE_ID, kind: 'image', label: 'Capture d’un faux courriel' },
      { fileId: OTHER_FILE_ID, kind: 'attachment', label: 'Guide de l’animateur', role: 'guide_animation' },
    ]);
  });
});
