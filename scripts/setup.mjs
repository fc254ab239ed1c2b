// Sets up everything the build and tests need on a machine with only rustup, cargo and Node/npm.
// Each step says what it does, and does nothing when the tool is already there.
//   node scripts/setup.mjs            npm devDependencies
//   --wasm                            + the wasm32 target, wasm-bindgen-cli (Cargo.lock's version), wasm-pack
//   --browser                         + Debian's chromium (when running as root and it is missing)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { capture, lockedWasmBindgenVersion, root, run, say } from './lib.mjs';

const args = new Set(process.argv.slice(2));

export function ensureNpm() {
  const marker = join(root, 'node_modules', '.bin', 'wasm-opt');
  const have = (name) => existsSync(join(root, 'node_modules', name));
  if (existsSync(marker) && have('playwright-core') && have('@gfx/zopfli') && have('axe-core')) return;
  say('installing npm devDependencies (binaryen for wasm-opt, @gfx/zopfli, playwright-core, axe-core, typescript, vite, esbuild, zod)');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

export function ensureWasmTools() {
  const targets = capture('rustup', ['target', 'list', '--installed']) || '';
  if (!targets.split('\n').includes('wasm32-unknown-unknown')) {
    say('adding the Rust target wasm32-unknown-unknown');
    run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
  const want = lockedWasmBindgenVersion();
  const have = (capture('wasm-bindgen', ['--version']) || '').split(' ')[1];
  if (have !== want) {
    say(`installing wasm-bindgen-cli ${want} (Cargo.lock's wasm-bindgen; found ${have || 'none'}) — a few minutes, once`);
    run('cargo', ['install', 'wasm-bindgen-cli', '--version', want, '--force']);
  }
  if (!capture('wasm-pack', ['--version'])) {
    say('installing wasm-pack — a few minutes, once');
    run('cargo', ['install', 'wasm-pack']);
  }
}

export function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return true;
  if (process.getuid && process.getuid() === 0) {
    say("installing Debian's chromium for the browser tests (apt-get)");
    run('apt-get', ['update'], { allowFail: true });
    run('apt-get', ['install', '-y', 'chromium', 'chromium-driver']);
    return true;
  }
  say('chromium is missing and this is not root: install it with `sudo apt-get install -y chromium` for browser tests');
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureNpm();
  if (args.has('--wasm') || args.has('--all')) ensureWasmTools();
  if (args.has('--browser') || args.has('--all')) ensureChromium();
}
