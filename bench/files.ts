/**
 * `npm run bench:files`: time and peak memory to process a 50-page PDF and a 30-slide PPTX (the
 * same isolated thread the job queue uses: page count, text, thumbnail), printed beside the time to
 * simply copy the same bytes to S3 (the embedded s3rver), with the ratio. Median of several runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, startServices } from '@malle/services';
import { createStorage } from '../apps/api/src/lib/storage.ts';
import { processIsolated } from '../apps/api/src/modules/files/isolate.ts';
import type { ProcessInput } from '../apps/api/src/modules/files/process.ts';
import { makePdf, makePhoto, makePptx } from '../apps/api/src/test/fixtures.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} Mo`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

/** Peak resident memory above the level before the call, sampled every 5 ms. */
async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const start = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - start, peakRss: Math.max(peak, process.memoryUsage().rss) - base };
  } finally {
    clearInterval(timer);
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'malle-bench-files-'));
const services = await startServices({
  dataDir,
  ports: { postgres: 0, meilisearch: 0, s3: await findFreePort() },
  env: { DATABASE_URL: 'postgres://unused', MEILI_URL: 'http://unused' },
  log: () => undefined,
});
const storage = createStorage({ ...services.endpoints.s3, forcePathStyle: true });
await storage.ensureBucket();

try {
  const samples: Array<{ label: string; bytes: Buffer; input: Omit<ProcessInput, 'path'>; file: string }> = [
    {
      label: 'PDF, 50 pages',
      // Photos on every page: about as heavy as a real illustrated handout.
      bytes: await makePdf(
        50,
        'Guide d’animation',
        await Promise.all(Array.from({ length: 50 }, (_, i) => makePhoto(800, 533, i + 1))),
      ),
      input: { kind: 'pdf', mime: 'application/pdf' },
      file: 'guide.pdf',
    },
    {
      label: 'PPTX, 30 diapositives',
      bytes: await makePptx(
        Array.from({ length: 30 }, (_, i) => `Diapositive ${i + 1} : repérer un message frauduleux, vérifier l’expéditeur`),
      ),
      input: { kind: 'slides', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
      file: 'diaporama.pptx',
    },
  ];
  const rows: string[][] = [];
  for (const sample of samples) {
    const file = path.join(dataDir, sample.file);
    await writeFile(file, sample.bytes);
    // One warm-up each (thread start, module loading, S3 connection).
    await processIsolated({ ...sample.input, path: file }, { timeoutMs: 120_000, memoryMb: 512 });
    const copy = async (i: number) =>
      storage.put(`bench/${sample.file}-${i}`, sample.bytes, {
        contentLength: sample.bytes.length,
        contentType: 'application/octet-stream',
      });
    await copy(-1);
    const processTimes: number[] = [];
    const processPeaks: number[] = [];
    const copyTimes: number[] = [];
    let pages: number | null = null;
    for (let i = 0; i < RUNS; i++) {
      const processed = await measure(() =>
        processIsolated({ ...sample.input, path: file }, { timeoutMs: 120_000, memoryMb: 512 }),
      );
      if (processed.result.status !== 'ready') throw new Error(`${sample.label}: ${processed.result.reason}`);
      pages = processed.result.pageCount;
      processTimes.push(processed.ms);
      processPeaks.push(processed.peakRss);
      copyTimes.push((await measure(() => copy(i))).ms);
    }
    rows.push([
      `${sample.label} (${mb(sample.bytes.length)}, ${pages} lues)`,
      ms(median(processTimes)),
      mb(median(processPeaks)),
      ms(median(copyTimes)),
      `× ${(median(processTimes) / median(copyTimes)).toFixed(1)}`,
    ]);
  }
  const header = ['Fichier', 'Traitement (médiane)', 'Mémoire max. (RSS en plus)', 'Copie S3 (médiane)', 'Traitement / copie'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(`\nTraitement des fichiers (${RUNS} mesures, ${os.cpus().length} cœurs, Node ${process.version})\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
} finally {
  storage.destroy();
  await services.stop();
  await rm(dataDir, { recursive: true, force: true });
}
