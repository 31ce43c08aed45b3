// Bundles the API into dist/ with esbuild: our workspace packages (TypeScript sources) are
// inlined, npm dependencies stay external and are loaded from node_modules at run time.
import { build } from 'esbuild';

await build({
  entryPoints: {
    server: 'src/server.ts',
    worker: 'src/worker.ts',
    migrate: '../../migrations/src/cli.ts',
    // The isolated file-processing thread, loaded by src/modules/files/isolate.ts.
    'file-processor': 'src/modules/files/processor-thread.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@malle/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
