/** Entry point of the isolated processing thread (see isolate.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type ProcessInput } from './process.ts';

const result = await processFile(workerData as ProcessInput);
const transfer =
  result.status === 'ready' ? [...(result.thumbnail ? [result.thumbnail] : []), ...result.variants.map((v) => v.data)] : [];
// Buffers from sharp may share one pool: copy those that cannot be transferred alone.
const owned = transfer.map((b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b)));
if (result.status === 'ready') {
  let i = 0;
  if (result.thumbnail) result.thumbnail = owned[i++]!;
  for (const v of result.variants) v.data = owned[i++]!;
}
parentPort!.postMessage(
  result,
  owned.map((b) => b.buffer as ArrayBuffer),
);
