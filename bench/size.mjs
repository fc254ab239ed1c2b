// Size benchmark: what a browser downloads for the npm package, the baseline bundle and the demo's wasm, gzip and
// brotli; and the top contributors to the package wasm (twiggy on a names-preserving build), grouped by crate.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root, targetDir, WASM_OPT_FEATURES } from '../scripts/lib.mjs';

export { WASM_OPT_FEATURES };

/** The files a browser loads for the package (as scripts/build-pkg.mjs reportSize() counts them). */
export const PKG_FILES = ['umd/index.js', 'index.js'];

export function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function sum(parts) {
  return parts.reduce((a, p) => ({ raw: a.raw + p.raw, gzip: a.gzip + p.gzip, brotli: a.brotli + p.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
}

/** Package, baseline and demo sizes (each file compressed on its own, as a browser fetches them). */
export function measureSizes() {
  const files = PKG_FILES.map((f) => ({ file: f, ...compressed(readFileSync(join(root, 'pkg', f))) }));
  const pkg = { ...sum(files), files };
  const baseline = compressed(readFileSync(join(root, 'bench', 'baseline', 'dist', 'baseline.js')));
  const demoWasm = compressed(readFileSync(join(root, 'web', 'dist', 'leptos', 'demo_bg.wasm')));
  const demoJs = compressed(readFileSync(join(root, 'web', 'dist', 'leptos', 'demo.js')));
  return { pkg, baseline, demoWasm, demoJs };
}

/** Items of a names-preserving build that a browser never downloads (the shipped wasm is stripped). */
export function notShipped(name) {
  return /^custom section '(\.debug|name|producers|target_features)/.test(name) || / subsection$/.test(name);
}

/** The crate of a demangled Rust path (`core[hash]::fmt::…` → core). */
function pathCrate(path) {
  const m = path.replace(/^[&*\s]*(mut\s+|const\s+|dyn\s+)?/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  return m ? m[1] : null;
}

function label(crate) {
  return ['core', 'alloc', 'std', 'dlmalloc', '__rustc'].includes(crate) ? 'std (core, alloc, dlmalloc)' : crate;
}

/** The crate an item of twiggy's listing belongs to (`<A as B>::f` belongs to A's crate, or B's for a generic A). */
export function crateOf(name) {
  if (/^data segment|^data\[/.test(name)) return '(data segments: strings, tables)';
  if (/^(custom section|elem|table|global|import|export|type|memory|code section|wasm magic|start)/.test(name)) return '(wasm headers, imports, exports, tables)';
  if (/ shim$|^__wbg|^__wbindgen|^__externref/.test(name)) return 'wasm-bindgen glue (exports and imports)';
  const impl = name.match(/^<(.+?) as (.+?)>::/);
  if (impl) {
    const a = pathCrate(impl[1]);
    const b = pathCrate(impl[2]);
    return label(a ?? b ?? '(unnamed)');
  }
  const inherent = name.match(/^<(.+?)>::/);
  if (inherent) return label(pathCrate(inherent[1]) ?? 'core'); // <char>::…, <str>::…, <[u8]>::…
  const c = pathCrate(name);
  if (c) return label(c);
  if (/^(memcpy|memmove|memset|memcmp|__multi3|__ashl|__lshr|compiler_builtins)/.test(name)) return 'compiler_builtins';
  if (/^(__rust|__rdl|__rg_|rust_)/.test(name)) return 'std (core, alloc, dlmalloc)';
  if (/^code\[\d+\]$/.test(name)) return '(functions without a name)';
  return '(unnamed)';
}

/**
 * twiggy top of the package wasm, built like scripts/build-pkg.mjs but keeping names: wasm-bindgen --keep-debug on
 * the cargo output, then wasm-opt -Oz -g with the same features. Returns the top `n` items and the whole listing
 * grouped by crate (shallow bytes of the names-preserving build; its total is close to the shipped wasm's).
 */
export function twiggyTop(n = 15) {
  const built = join(targetDir, 'wasm32-unknown-unknown', 'release', 'hostup_wasm.wasm');
  if (!existsSync(built)) throw new Error(`${built} is missing (scripts/bench.mjs builds it)`);
  const out = join(targetDir, 'bench', 'twiggy');
  mkdirSync(out, { recursive: true });
  execFileSync('wasm-bindgen', ['--keep-debug', '--target', 'web', '--out-dir', out, '--out-name', 'named', built], {
    stdio: 'inherit',
  });
  const wasm = join(out, 'named_bg.wasm');
  const opt = join(out, 'named_opt.wasm');
  execFileSync(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '-g', ...WASM_OPT_FEATURES, wasm, '-o', opt], {
    stdio: 'inherit',
  });
  const all = JSON.parse(execFileSync('twiggy', ['top', '-f', 'json', opt], { maxBuffer: 64 << 20 }).toString());
  const shipped = all.filter((i) => !notShipped(i.name));
  const total = shipped.reduce((a, i) => a + i.shallow_size, 0);
  const items = shipped.map((i) => ({ name: i.name, bytes: i.shallow_size, pct: (i.shallow_size * 100) / total, crate: crateOf(i.name) }));
  const byCrate = {};
  for (const i of items) byCrate[i.crate] = (byCrate[i.crate] ?? 0) + i.bytes;
  const crates = Object.entries(byCrate)
    .map(([crate, bytes]) => ({ crate, bytes, pct: (bytes * 100) / total }))
    .sort((a, b) => b.bytes - a.bytes);
  return { shippedBytes: total, namedWasmBytes: readFileSync(opt).length, top: items.slice(0, n), crates };
}
