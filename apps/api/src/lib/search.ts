import { MeiliSearch } from 'meilisearch';

/** Meilisearch client plus the index prefix of this environment. */
export interface Search {
  client: MeiliSearch;
  indexName(name: string): string;
  isHealthy(): Promise<boolean>;
}

export function createSearch(options: { url: string; masterKey: string; indexPrefix: string }): Search {
  const client = new MeiliSearch({ host: options.url, apiKey: options.masterKey, timeout: 5000 });
  return {
    client,
    indexName: (name) => `${options.indexPrefix}${name}`,
    isHealthy: async () => (await client.health()).status === 'available',
  };
}
