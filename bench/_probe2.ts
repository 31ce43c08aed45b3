import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, startServices } from '../packages/services/src/index.ts';
import { createSearch } from '../apps/api/src/lib/search.ts';
import { sheetSettings } from '../apps/api/src/modules/search/settings.ts';
import { makeSheet, rng } from './corpus.ts';

const N = Number(process.argv[2] ?? 5000);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'probe-'));
const services = await startServices({
  dataDir,
  ports: { postgres: await findFreePort(), meilisearch: await findFreePort(), s3: await findFreePort() },
  env: {},
  log: () => undefined,
});
try {
  const s = createSearch({ url: services.endpoints.meiliUrl, masterKey: services.endpoints.meiliMasterKey, indexPrefix: '' });
  const r = rng(1);
  const docs = Array.from({ length: N }, (_, i) => {
    const x = makeSheet(r, i, 50, 100);
    return {
      id: `d${i}`,
      title: x.title,
      summary: x.summary,
      bodyText: x.bodyText,
      indexingLabels: [],
      attachmentText: '',
      ...x.indexing,
      licence: x.licence,
      hasQuiz: x.hasQuiz,
      readers: ['public'],
      ratingBuckets: ['sans-note'],
      attachmentKinds: [],
      baseSlug: `base-${x.base}`,
      themeGroups: [],
      publishedAt: i,
      usageCount: 0,
      ratingScore: 0,
      ratingCount: 0,
    };
  });
  for (const [name, extra] of [
    ['current', {}],
    ['facetSearch off', { facetSearch: false }],
    ['prefix off', { facetSearch: false, prefixSearch: 'disabled' }],
  ] as const) {
    const uid = name.replace(/\W/g, '');
    await s.client.createIndex(uid, { primaryKey: 'id' }).waitTask();
    await s.client
      .index(uid)
      .updateSettings({ ...sheetSettings, ...extra })
      .waitTask();
    let t = performance.now();
    for (let i = 0; i < docs.length; i += 2000)
      await s.client
        .index(uid)
        .addDocuments(docs.slice(i, i + 2000))
        .waitTask({ timeout: 600000 });
    console.log(name, 'bulk', (performance.now() - t).toFixed(0));
    const l: number[] = [];
    for (let k = 0; k < 6; k++) {
      t = performance.now();
      const task = await s.client
        .index(uid)
        .addDocuments([{ ...docs[k]!, title: 'nouveau titre ' + k }])
        .waitTask({ interval: 10 });
      l.push(performance.now() - t);
      if (k === 5) console.log(name, 'single', l.map((x) => x.toFixed(0)).join(' '), 'task duration', task.duration);
    }
  }
} finally {
  await services.stop();
}
