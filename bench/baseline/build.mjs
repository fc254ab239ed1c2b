// Bundles the baseline client the way an application would ship it (ESM, minified, tree-shaken, es2022, zod
// included) and reports its size raw, gzip and brotli, like the wasm package's size report.
//   node bench/baseline/build.mjs            → dist/baseline.js and its sizes
//   import { buildBaseline } from './build.mjs'  → { raw, gzip, brotli, path }
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds dist/baseline.js and returns its sizes in bytes. */
export async function buildBaseline({ quiet = false } = {}) {
  const path = join(here, 'dist', 'baseline.js');
  await build({
    entryPoints: [join(here, 'src', 'client.ts')],
    outfile: path,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    // `neutral` sets no main fields; name them so a dependency without an `exports` map still resolves.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
  });
  const code = readFileSync(path);
  const sizes = {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
    }).length,
    path,
  };
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { raw, gzip, brotli, path } = await buildBaseline();
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
  console.log(`baseline bundle: ${path}`);
  console.log(`  raw    ${String(raw).padStart(7)} B ${kib(raw)}`);
  console.log(`  gzip   ${String(gzip).padStart(7)} B ${kib(gzip)}`);
  console.log(`  brotli ${String(brotli).padStart(7)} B ${kib(brotli)}`);
}
