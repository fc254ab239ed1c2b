// Builds the demo site into web/dist: the Leptos demo app (crates/leptos/examples/demo.rs) through cargo,
// wasm-bindgen and wasm-opt, the page and its assets, plus the plain-JS demo (web/js) and the npm package (pkg/)
// when they exist. Prints the gzipped size of the demo's wasm.
//   node scripts/build-demo.mjs          (honours CARGO_TARGET_DIR; default <repo>/target)
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, run, say, targetDir, WASM_OPT_FEATURES } from './lib.mjs';

const web = join(root, 'web');
const dist = join(web, 'dist');
const leptosOut = join(dist, 'leptos');

/** Size budget of the demo wasm, gzipped. */
export const WASM_GZIP_BUDGET = 250 * 1024;

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Builds web/dist; returns `{ wasm, rawBytes, gzipBytes }`. */
export function buildDemo() {
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'hostup-leptos', '--example', 'demo'], {
    env: { CARGO_TARGET_DIR: targetDir },
  });
  const built = join(targetDir, 'wasm32-unknown-unknown', 'release', 'examples', 'demo.wasm');
  if (!existsSync(built)) throw new Error(`cargo did not produce ${built}`);

  rmSync(dist, { recursive: true, force: true });
  mkdirSync(leptosOut, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', leptosOut, '--out-name', 'demo', built]);

  const wasm = join(leptosOut, 'demo_bg.wasm');
  const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
  if (existsSync(wasmOpt)) {
    run(wasmOpt, ['-Oz', ...WASM_OPT_FEATURES, '--strip-debug', '--strip-producers', '-o', wasm, wasm]);
  } else {
    say('wasm-opt not found (run `node scripts/setup.mjs`): the wasm is not size-optimised');
  }

  copyFileSync(join(web, 'index.html'), join(dist, 'index.html'));
  copyFileSync(join(web, 'demo.css'), join(dist, 'demo.css'));
  copyFileSync(join(web, 'favicon.svg'), join(dist, 'favicon.svg'));
  copyFileSync(join(web, 'leptos', 'boot.js'), join(leptosOut, 'boot.js'));
  // The widget's stylesheet, for pages that prefer a <link> (the widget also adopts it by itself).
  copyFileSync(join(root, 'crates', 'leptos', 'src', 'backup_panel', 'panel.css'), join(leptosOut, 'panel.css'));
  if (existsSync(join(web, 'js'))) cpSync(join(web, 'js'), join(dist, 'js'), { recursive: true });
  if (existsSync(join(root, 'pkg'))) cpSync(join(root, 'pkg'), join(dist, 'pkg'), { recursive: true });

  const rawBytes = statSync(wasm).size;
  const gzipBytes = gzipSync(readFileSync(wasm), { level: 9 }).length;
  const verdict = gzipBytes <= WASM_GZIP_BUDGET ? 'within' : 'OVER';
  say(`demo wasm: ${kb(rawBytes)} raw, ${kb(gzipBytes)} gzipped (${verdict} the ${kb(WASM_GZIP_BUDGET)} budget)`);
  say(`demo site: ${dist}`);
  return { wasm, rawBytes, gzipBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildDemo();
}
