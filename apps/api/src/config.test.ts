import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/malle',
  MEILI_URL: 'http://127.0.0.1:7700',
  MEILI_MASTER_KEY: 'a-master-key-of-enough-length',
  S3_ENDPOINT: 'http://127.0.0.1:4568',
  S3_BUCKET: 'malle',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
};

describe('loadConfig', () => {
  it('lists every missing or invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'abc', MEILI_MASTER_KEY: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['API_PORT', 'DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'S3_ENDPOINT', 'S3_BUCKET']) {
      expect(problems).toContain(name);
    }
    expect(problems).toMatch(/DATABASE_URL: is missing/);
  });

  it('refuses to run in production without real secrets', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET: is missing \(is required in production\)/,
    );
    const config = loadConfig({
      ...valid,
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtp://mail.example:587',
      PUBLIC_URL: 'https://malle.example',
    });
    expect(config.session.secret).toBe('x'.repeat(40));
    expect(config.session.secureCookie).toBe(true);
  });

  it('has working defaults for development', () => {
    const config = loadConfig(valid);
    expect(config.port).toBe(3001);
    expect(config.corsOrigins).toEqual([]);
    expect(config.session.secureCookie).toBe(false);
  });
});
