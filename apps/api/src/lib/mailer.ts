import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DB } from '@malle/schema/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import { enqueueJob } from './jobs.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Kept across retries: a mail sent again after a crash is recognisably the same one. */
  messageId?: string;
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
 * Queues a mail in the caller's transaction (ADR 014): it is sent by the job queue once the
 * transaction commits, retried when the mail server fails, and never lost to a crash. Neither the
 * answer's latency nor a mail failure shows in the request that caused it.
 */
export async function queueMail(db: Kysely<DB> | Transaction<DB>, mail: Mail): Promise<void> {
  const messageId = mail.messageId ?? `<${randomUUID()}@malle>`;
  await enqueueJob(db, 'send_mail', { ...mail, messageId }, { jobKey: `mail:${messageId}`, maxAttempts: 12 });
}

/** The job's payload back as a mail (it was written by `queueMail`). */
export function mailOf(payload: unknown): Mail {
  const p = payload as Partial<Mail>;
  if (typeof p.to !== 'string' || typeof p.subject !== 'string' || typeof p.text !== 'string')
    throw new Error('send_mail: malformed payload');
  return {
    to: p.to,
    subject: p.subject,
    text: p.text,
    ...(typeof p.html === 'string' ? { html: p.html } : {}),
    ...(typeof p.messageId === 'string' ? { messageId: p.messageId } : {}),
  };
}
