import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { launchBrowser, watchConsole } from './browser.ts';

/**
 * One browser for a test file and a fresh context (a separate person, with their own cookies) per
 * `person()`. After each test, contexts close and any console error (CSP violation, hydration
 * failure, failed request) fails the test, except 404s the test announced with `expect404()`.
 */
export function usePeople() {
  const webUrl = inject('webUrl');
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  let allow404 = false;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    const all = errors
      .splice(0)
      .flat()
      .filter((e) => !(allow404 && e.includes('status of 404')));
    allow404 = false;
    expect(all, 'console errors (CSP, hydration…)').toEqual([]);
  });

  return {
    person: async (): Promise<Page> => {
      const context = await browser.newContext({ baseURL: webUrl, locale: 'fr-FR' });
      contexts.push(context);
      // Video embeds point to youtube-nocookie.com; nothing outside this machine is reachable, so
      // such requests are answered locally with an empty page instead of failing noisily.
      await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.fulfill({ status: 204, body: '' }));
      const page = await context.newPage();
      errors.push(watchConsole(page));
      return page;
    },
    /** The test visits pages that must answer 404; the browser logs those, as it should. */
    expect404: () => {
      allow404 = true;
    },
  };
}
