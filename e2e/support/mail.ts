import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, vi } from 'vitest';

/** Undoes quoted-printable soft line breaks and escapes, enough to read links in our mails. */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Waits for a mail to `to` in the folder the API writes to, and returns its decoded text. */
export async function waitForMail(mailDir: string, to: string): Promise<string> {
  let found = '';
  await vi.waitFor(
    async () => {
      const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml')).sort();
      for (const file of files.reverse()) {
        const text = decodeQuotedPrintable(await readFile(path.join(mailDir, file), 'utf8'));
        if (text.includes(`To: ${to}`)) {
          found = text;
          return;
        }
      }
      expect.fail(`no mail to ${to} yet`);
    },
    { timeout: 10_000, interval: 200 },
  );
  return found;
}
