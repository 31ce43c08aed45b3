import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail. Tests replace it with a recorder: mail delivery is the one thing outside. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * SMTP when configured; otherwise each mail is written to `dir` as a .eml file and logged, so that
 * a developer can follow a reset link without a mail server.
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  dir: string;
  log: FastifyBaseLogger;
}): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      send: async (mail) => {
        await transport.sendMail({ from: options.from, ...mail });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (mail) => {
      const info = await transport.sendMail({ from: options.from, ...mail });
      await mkdir(options.dir, { recursive: true });
      const file = path.join(
        options.dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-z0-9]/gi, '')}.eml`,
      );
      await writeFile(file, info.message as Buffer);
      options.log.info({ to: mail.to, subject: mail.subject, file }, `mail written to file (no SMTP_URL): ${mail.text}`);
    },
  };
}

/**
 * Sends once the current response has gone out, so that neither its latency nor a mail failure
 * shows in the answer (and timing does not reveal whether a mail was sent). Failures are logged.
 * Moves to the PostgreSQL job queue when background jobs land.
 */
export function sendInBackground(mailer: Mailer, mail: Mail, log: FastifyBaseLogger): void {
  setImmediate(() => {
    mailer.send(mail).catch((error: unknown) => log.error({ err: error, subject: mail.subject }, 'mail failed'));
  });
}
