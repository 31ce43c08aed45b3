import pg from 'pg';

/** Runs statements on the cluster's maintenance database (`postgres`) next to `databaseUrl`. */
async function onCluster<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Copies a migrated template database into a new one named `name` (a file-level copy: fast, so
 * every test file gets its own database). Returns the new database's URL.
 */
export async function createDatabaseFromTemplate(templateUrl: string, name: string): Promise<string> {
  const template = new URL(templateUrl);
  await onCluster(templateUrl, (client) =>
    client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template.pathname.slice(1))}`),
  );
  template.pathname = `/${name}`;
  return template.toString();
}

/**
 * Drops a database made by createDatabaseFromTemplate, closing its remaining connections. A pool's
 * `end()` resolves before its sockets are closed; terminating a connection that is still closing
 * makes its client throw an uncaught error in the test process, so it first waits (up to a second)
 * for the database's connections to go away by themselves.
 */
export async function dropDatabase(templateUrl: string, name: string): Promise<void> {
  await onCluster(templateUrl, async (client) => {
    for (let i = 0; i < 20; i++) {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [
        name,
      ]);
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
}
