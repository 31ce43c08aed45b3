import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A port needed by Malle is taken by another program. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: string,
    readonly variable: string,
  ) {
    super(
      `Port ${port} (${service}) is already in use. Stop the program using it ` +
        `(\`lsof -i :${port}\`) or choose another port with ${variable}=<port>.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Resolves when nothing listens on 127.0.0.1:port; throws PortInUseError otherwise. */
export function ensurePortFree(port: number, service: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') reject(new PortInUseError(port, service, variable));
      else reject(error);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Asks the OS for a free loopback port (used by tests, which never assume fixed ports). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until it answers 2xx (or anything, with `anyStatus`). Fails at once when `process` exits (with `exitHint`, e.g. where
 * its log is) and after `timeoutMs`; connection errors only mean "not yet".
 */
export async function waitUntilUp(
  url: string,
  what: string,
  /** `anyStatus`: any HTTP answer counts as up (servers that answer 403 to an anonymous `/`). */
  options: { process?: ChildProcess; exitHint?: string; timeoutMs?: number; anyStatus?: boolean } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const child = options.process;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode})${options.exitHint ? `; ${options.exitHint}` : ''}`);
    }
    const up = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
      (response) => response.ok || options.anyStatus === true,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer on ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
