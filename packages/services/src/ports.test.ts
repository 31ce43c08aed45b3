import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ensurePortFree, findFreePort, PortInUseError } from './ports.ts';

describe('ensurePortFree', () => {
  it('names the service and the variable to change when the port is taken', async () => {
    const server = net.createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const error = await ensurePortFree(port, 'PostgreSQL', 'MALLE_PG_PORT').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toBe(
        `Port ${port} (PostgreSQL) is already in use. Stop the program using it (\`lsof -i :${port}\`) or choose another port with MALLE_PG_PORT=<port>.`,
      );
    } finally {
      server.close();
    }
  });

  it('resolves for a free port', async () => {
    await expect(ensurePortFree(await findFreePort(), 'API', 'API_PORT')).resolves.toBeUndefined();
  });
});
