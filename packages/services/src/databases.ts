import pg from 'pg';

/** Runs one statement on the cluster's maintenance database (`postgres`) next to `databaseUrl`. */
async function onCluster(databaseUrl: string, sql: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
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
  await onCluster(
    templateUrl,
    `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template.pathname.slice(1))}`,
  );
  template.pathname = `/${name}`;
  return template.toString();
}

/** Drops a database made by createDatabaseFromTemplate, closing its remaining connections. */
export async function dropDatabase(templateUrl: string, name: string): Promise<void> {
  await onCluster(templateUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}
