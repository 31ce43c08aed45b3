// The embedded S3 server in a process of its own (started by s3.ts): like a real S3 service it can
// be stopped, frozen or killed without touching the program that uses it. Plain JavaScript, so
// that it starts without a TypeScript loader. Arguments: port, directory, buckets (comma-separated).
import S3rver from 's3rver';

const [port, directory, buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  // Path-style only: bucket names never become host names on loopback.
  vhostBuckets: false,
  configureBuckets: (buckets ?? '')
    .split(',')
    .filter(Boolean)
    .map((name) => ({ name })),
});
await server.run();
process.send?.('ready');
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent is gone (killed without a chance to stop us): do not linger as an orphan.
process.on('disconnect', stop);
