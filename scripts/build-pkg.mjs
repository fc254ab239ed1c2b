// Builds the npm package `hostup-backups` into pkg/: one release wasm build, bound for the web (ESM, also used by
// browsers, Vite and other bundlers) and for Node (CommonJS), optimised with wasm-opt, plus the entry files,
// the error classes, the types and package.json. Prints the gzipped size a browser downloads.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { root, run, say, WASM_OPT_FEATURES } from './lib.mjs';

const pkg = join(root, 'pkg');
const name = 'hostup_backups';
const wasmOptFlags = ['-Oz', '--converge', ...WASM_OPT_FEATURES];

export function buildPkg() {
  rmSync(pkg, { recursive: true, force: true });
  for (const target of ['web', 'nodejs']) {
    const out = join(pkg, target === 'web' ? 'web' : 'node');
    run('wasm-pack', ['build', 'crates/wasm', '--release', '--target', target, '--out-dir', out, '--out-name', name, '--no-pack']);
    const wasm = join(out, `${name}_bg.wasm`);
    run('wasm-opt', [...wasmOptFlags, wasm, '-o', wasm]);
    rmSync(join(out, '.gitignore'), { force: true });
  }
  // The browser glue is what every page downloads: whitespace and syntax minified (its doc comments are in
  // index.d.ts); identifiers are left alone, so `HostupClient.name` and stack traces stay readable (renaming them
  // would save 0.6 KB more). The Node glue is left as generated.
  const glue = join(pkg, 'web', `${name}.js`);
  const minify = ['--minify-whitespace', '--minify-syntax', '--format=esm', '--target=es2020'];
  run('esbuild', [glue, ...minify, `--outfile=${glue}`, '--allow-overwrite', '--log-level=warning']);
  const js = join(root, 'crates', 'wasm', 'js');
  for (const f of ['errors.js', 'index.js', 'index.cjs', 'index.mjs']) cpSync(join(js, f), join(pkg, f));
  writeFileSync(join(pkg, 'index.d.ts'), publicTypes(join(pkg, 'web', `${name}.d.ts`), join(js, 'errors.d.ts')));
  // One source for the error classes: the CommonJS copy is derived from errors.js.
  const esm = readFileSync(join(js, 'errors.js'), 'utf8');
  writeFileSync(join(pkg, 'errors.cjs'), `'use strict';\n${esm.replace(/^export /gm, '')}\nmodule.exports = errorClasses;\n`);
  // The generated declarations name the JS input types; the CommonJS build's are identical.
  rmSync(join(pkg, 'node', `${name}.d.ts`), { force: true });
  rmSync(join(pkg, 'node', `${name}_bg.wasm.d.ts`), { force: true });
  // wasm-bindgen's Node output is CommonJS inside a "type": "module" package.
  writeFileSync(join(pkg, 'node', 'package.json'), '{ "type": "commonjs" }\n');
  const manifest = JSON.parse(readFileSync(join(js, 'package.json'), 'utf8'));
  manifest.version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/\nversion = "([^"]+)"/)[1];
  writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(pkg, 'README.md'), packageReadme());
  linkIntoNodeModules();
  return reportSize();
}

/** The JS input types (crates/wasm/src/inputs.rs), whose optional fields really are optional. */
const INPUT_TYPES = new Set([
  'HostupClientOptions',
  'CreateBackupOptions',
  'CreateSnapshotInput',
  'RestoreOptions',
  'BackupScheduleInput',
  'BackupSchedulePatch',
  'WaitForJobOptions',
]);

/**
 * The package's one declaration file: what wasm-bindgen and tsify generated from the Rust types, less wasm-bindgen's
 * loader internals (never exported by the package), plus the error classes.
 */
function publicTypes(generated, errors) {
  let dts = readFileSync(generated, 'utf8');
  dts = dts.slice(0, dts.indexOf('export type InitInput'));
  dts = dts.replace(/\/\*\*(?:(?!\*\/)[\s\S])*?\*\/\s*export function __registerErrorClasses[^\n]*\n/, '');
  // Trailing `Option<JsValue>` parameters are optional in JS; wasm-bindgen does not mark them so when typed by hand.
  dts = dts.replace(/options: (CreateBackupOptions|WaitForJobOptions)\)/g, 'options?: $1)');
  // `[Symbol.dispose]` needs lib esnext.disposable; declaring it would break consumers on older TypeScript libs.
  dts = dts.replace(/\n\s*\[Symbol\.dispose\]\(\): void;/g, '');
  // Outputs have every declared key (core's shape tables fill an absent one with null, or its default). tsify marks
  // fields with a parse default as optional; outside the input types, drop the `?`.
  const required = (decl, typeName) => (INPUT_TYPES.has(typeName) ? decl : decl.replace(/(\w+)\?: /g, '$1: '));
  dts = dts.replace(/export interface (\w+) \{[^]*?\n\}\n/g, (decl, typeName) => required(decl, typeName));
  dts = dts.replace(/export type (\w+) = [^\n]*\n/g, (decl, typeName) => required(decl, typeName));
  if (dts.includes('__registerErrorClasses') || /\bany\b(?![ -]schedule)/.test(dts.replace(/\/\*\*[\s\S]*?\*\//g, ''))) {
    throw new Error('the public declarations still mention an internal or `any`');
  }
  const errs = readFileSync(errors, 'utf8').replace(/^import type[^\n]*\n/m, '');
  return `// hostup-backups: declarations generated from the Rust types (wasm-bindgen + tsify), and the error classes.\n${dts}\n${errs}`;
}

/**
 * The package's README (what npm shows): the repository README's introduction and its "The npm package" section, so
 * the two never disagree. Links into the repository become plain text (the package does not ship those files).
 */
function packageReadme() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const intro = readme.split('\n\n')[1].replace(/ \(`\.\.\/shared[^)]*\)/, '');
  const start = readme.indexOf('## The npm package\n');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0 || end < 0) throw new Error('README.md has no "## The npm package" section');
  const section = readme.slice(start + '## The npm package\n'.length, end).replace(/\[`([^`]+)`\]\((?!https?:)[^)]+\)/g, '`$1` (in the repository)');
  return `# hostup-backups\n\n${intro}\n${section.trimEnd()}\n\nTypes: \`index.d.ts\`, generated from the Rust types. Errors: see above; every rejection is a \`HostupError\` subclass or an \`AbortError\`.\n`;
}

/** node_modules/hostup-backups → pkg/, so tests and examples import the built package by its name. */
function linkIntoNodeModules() {
  const link = join(root, 'node_modules', 'hostup-backups');
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
  symlinkSync('../pkg', link, 'dir');
}

function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The bytes a browser downloads for the package: the wasm, its glue and the entry files. */
export function reportSize() {
  const files = ['web/hostup_backups_bg.wasm', 'web/hostup_backups.js', 'index.js', 'errors.js'];
  let raw = 0;
  let gz = 0;
  let br = 0;
  const rows = files.map((f) => {
    const bytes = readFileSync(join(pkg, f));
    const g = gzipSync(bytes, { level: 9 }).length;
    const b = brotliCompressSync(bytes).length;
    raw += bytes.length;
    gz += g;
    br += b;
    return `  ${f.padEnd(28)} ${String(bytes.length).padStart(8)} B  gzip ${String(g).padStart(7)} B  brotli ${String(b).padStart(7)} B`;
  });
  say(`package size (what a browser loads):\n${rows.join('\n')}\n  ${'total'.padEnd(28)} ${String(raw).padStart(8)} B  gzip ${String(gz).padStart(7)} B  brotli ${String(br).padStart(7)} B`);
  return { raw, gzip: gz, brotli: br };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(pkg, { recursive: true });
  buildPkg();
}
