// Builds the npm package `hostup-backups` into pkg/: one release wasm build (cargo + wasm-bindgen, web target),
// optimised with wasm-opt, deflated (Zopfli) and embedded as base64 into ONE universal script, pkg/umd/index.js, that serves `require`,
// classic <script> pages (global `HostupBackups`), Jest and every bundler; pkg/index.js is the ES module entry over
// it. So the wasm ships once, nothing has to be fetched next to a module, and there is no top-level await. Also
// writes the types (index.d.ts for ESM, index.d.cts for CommonJS), package.json, README and the licences, and prints
// the gzipped size a browser downloads.
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { brotliCompressSync, gzipSync, inflateRawSync } from 'node:zlib';
import { root, run, say, targetDir, WASM_OPT_FEATURES } from './lib.mjs';

const pkg = join(root, 'pkg');
const name = 'hostup_backups';
// Single-caller functions are inlined only up to 30 instructions (binaryen inlines them whatever their size by
// default): the wasm grows ~1.7 % raw but packs ~3.9 % smaller, since un-inlined bodies repeat more of each other.
const wasmOptFlags = ['-Oz', '--converge', '--one-caller-inline-max-function-size=30', ...WASM_OPT_FEATURES];
/** The files of the package (package.json "files"; `npm pack --dry-run` lists these and package.json). */
export const PACKAGE_FILES = ['index.js', 'index.d.ts', 'index.d.cts', 'umd/index.js', 'umd/package.json', 'README.md', 'LICENSE-MIT', 'LICENSE-APACHE'];

export function buildPkg() {
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(join(pkg, 'umd'), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'hostup-pkg-'));
  run('cargo', ['build', '-p', 'hostup-wasm', '--lib', '--release', '--target', 'wasm32-unknown-unknown']);
  const built = join(targetDir, 'wasm32-unknown-unknown', 'release', 'hostup_wasm.wasm');
  run('wasm-bindgen', [built, '--target', 'web', '--out-dir', work, '--out-name', name]);
  const wasm = join(work, `${name}_bg.wasm`);
  run('wasm-opt', [...wasmOptFlags, wasm, '-o', wasm]);
  const js = join(root, 'crates', 'wasm', 'js');
  // The bundle's inputs: the generated glue, the embedded bytes, the hand-written API and error classes.
  writeFileSync(join(work, 'glue.js'), readFileSync(join(work, `${name}.js`), 'utf8'));
  const bytes = readFileSync(wasm);
  const deflated = zopfli(wasm, bytes).toString('base64');
  writeFileSync(join(work, 'wasm-data.js'), `export const size = ${bytes.length};\nexport const deflated = ${JSON.stringify(deflated)};\n`);
  for (const f of ['api.js', 'errors.js', 'driver.js', 'check.js']) cpSync(join(js, f), join(work, f));
  // check.js's tables: core's shapes and endpoint wires, rendered from their one declaration.
  writeFileSync(join(work, 'tables.js'), checkTables());
  writeFileSync(join(work, 'methods.js'), `export default ${JSON.stringify(methodNames(work, wasm))};\n`);
  // One iife, wrapped as UMD. The glue's default (fetching) init is unused and tree-shaken, so no `import.meta`
  // remains. Fully minified (local identifiers too: 1.3 KB less gzipped than readable ones); the public classes'
  // names are set from string literals (errors.js, driver.js), so `HostupClient.name` and every error's `name` and
  // `constructor.name` stay readable.
  const iife = join(work, 'bundle.js');
  const flags = ['--bundle', '--format=iife', '--global-name=__hostupApi', '--minify', '--target=es2020', '--log-level=warning', '--log-override:empty-import-meta=silent'];
  run('esbuild', [join(work, 'api.js'), ...flags, `--outfile=${iife}`], { env: { NODE_PATH: join(root, 'node_modules') } });
  const body = readFileSync(iife, 'utf8');
  if (/import\.meta|\bawait\s+import\(/.test(body)) throw new Error('the bundle still mentions import.meta or a dynamic import');
  // The wrapper and the UTF-8 fallback are minified with the rest (the licence comment is kept).
  writeFileSync(join(work, 'umd.js'), umd(body, readFileSync(join(js, 'text-codec.js'), 'utf8')));
  run('esbuild', [join(work, 'umd.js'), '--minify', '--target=es2020', '--legal-comments=inline', '--log-level=warning', `--outfile=${join(pkg, 'umd', 'index.js')}`]);
  writeFileSync(join(pkg, 'umd', 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(pkg, 'index.js'), esmEntry(join(pkg, 'umd', 'index.js')));
  const dts = publicTypes(join(work, `${name}.d.ts`), join(js, 'errors.d.ts'));
  writeFileSync(join(pkg, 'index.d.ts'), dts);
  // CommonJS consumers (TypeScript node16/nodenext from a .cts or "type": "commonjs" project) read the same
  // declarations as a CommonJS module: exports.HostupClient etc., which is what umd/index.js sets.
  writeFileSync(join(pkg, 'index.d.cts'), dts);
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) cpSync(join(root, f), join(pkg, f));
  const manifest = JSON.parse(readFileSync(join(js, 'package.json'), 'utf8'));
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  manifest.version = cargo.match(/\nversion = "([^"]+)"/)[1];
  manifest.repository = { type: 'git', url: `git+${cargo.match(/\nrepository = "([^"]+)"/)[1]}.git` };
  writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(pkg, 'README.md'), packageReadme());
  rmSync(work, { recursive: true, force: true });
  linkIntoNodeModules();
  return reportSize();
}

/**
 * `bytes` (the file `file`) as raw deflate by Zopfli (@gfx/zopfli, a devDependency): 5.6 % smaller than zlib's level
 * 9 for the wasm, and an ordinary deflate stream (Node's `inflateRawSync` and tiny-inflate read it unchanged). Run in
 * a child Node, since its API is asynchronous and this build is not; checked by inflating it back.
 */
function zopfli(file, bytes) {
  const script = `require('@gfx/zopfli').deflate(require('node:fs').readFileSync(process.argv[1]), { numiterations: 15 },
    (e, out) => { if (e) throw e; process.stdout.write(Buffer.from(out)); });`;
  const r = spawnSync(process.execPath, ['-e', script, file], { cwd: root, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`Zopfli failed (is @gfx/zopfli installed? run npm install): ${r.stderr}`);
  if (!inflateRawSync(r.stdout).equals(bytes)) throw new Error('Zopfli output does not inflate to the wasm');
  return r.stdout;
}

/** The check tables (hostup_core::js_tables), rendered by a native run of core. */
export function checkTables() {
  const r = spawnSync('cargo', ['run', '-q', '-p', 'hostup-core', '--example', 'js-tables'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0 || !r.stdout.includes('export const wires')) throw new Error(`the check tables were not rendered: ${r.stderr}`);
  return r.stdout;
}

/** The client's method names, as the core names its endpoints: asked of the built wasm itself (in a child Node). */
function methodNames(work, wasm) {
  const script = `import { readFileSync } from 'node:fs';
    import { initSync, methodNames } from ${JSON.stringify(pathToFileURL(join(work, 'glue.js')).href)};
    initSync({ module: new WebAssembly.Module(readFileSync(${JSON.stringify(wasm)})) });
    console.log(JSON.stringify(methodNames()));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const names = r.status === 0 ? JSON.parse(r.stdout) : [];
  if (!names.includes('listVps')) throw new Error(`the wasm did not name its methods: ${r.stderr}`);
  return names;
}

/**
 * The ES module entry (Node, browsers, bundlers): imports the universal script, which hands its API over under a
 * registered symbol, and names each export (ESM needs static names: they are the script's own keys, so the list
 * cannot drift). `import` and `require` in one process thus share one instance and one set of error classes.
 */
function esmEntry(script) {
  const names = Object.keys(createRequire(import.meta.url)(script)).sort();
  return `// ES module entry of hostup-backups (generated by scripts/build-pkg.mjs): the universal script's API.
import './umd/index.js';

export const {
${names.map((n) => `  ${n},`).join('\n')}
} = globalThis[Symbol.for('hostup-backups')];
`;
}

/**
 * The universal script: CommonJS (`module.exports`), a classic script (global `HostupBackups`), and, for the ES
 * module entry, the API under `Symbol.for('hostup-backups')`. `TextDecoder`/`TextEncoder` fall back to a small
 * UTF-8 codec where the environment lacks them (Jest's jsdom environment).
 */
function umd(body, codec) {
  return `/*! hostup-backups | MIT OR Apache-2.0 | includes tiny-inflate (MIT, Devon Govett) */
(function (root, factory) {
  var api = factory();
  root[Symbol.for('hostup-backups')] = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  else root.HostupBackups = api;
})(globalThis, function () {
'use strict';
${codec.trim()}
${body.trim()}
return __hostupApi;
});
`;
}

/** The JS input types (crates/wasm/src/inputs.rs) and `Drift` (build.rs), whose optional fields really are optional. */
const INPUT_TYPES = new Set([
  'Drift',
  'HostupClientOptions',
  'CreateBackupOptions',
  'CreateSnapshotInput',
  'RestoreOptions',
  'BackupScheduleInput',
  'BackupSchedulePatch',
  'WaitForJobOptions',
  'AuditBackupsOptions',
]);

/**
 * The package's one declaration file: what wasm-bindgen and tsify generated from the Rust types, less wasm-bindgen's
 * loader internals (never exported by the package), plus the error classes.
 */
function publicTypes(generated, errors) {
  let dts = readFileSync(generated, 'utf8');
  dts = dts.slice(0, dts.indexOf('export type InitInput'));
  dts = dts.replace(/\/\*\*(?:(?!\*\/)[\s\S])*?\*\/\s*export function __registerErrorClasses[^\n]*\n/, '');
  dts = dts.replace(/(?:\/\*\*(?:(?!\*\/)[\s\S])*?\*\/\s*)?export function methodNames\(\)[^\n]*\n/, '');
  // The core's classes for the driver (Engine, Call, Wait, Audit) are internal: the package exports the driver's client.
  dts = dts.replace(/(?:\/\*\*(?:(?!\*\/)[\s\S])*?\*\/\s*)?export class (?:Engine|Call|Wait|Audit) \{[\s\S]*?\n\}\n/g, '');
  // Trailing `Option<JsValue>` parameters are optional in JS; wasm-bindgen does not mark them so when typed by hand.
  dts = dts.replace(/options: (CreateBackupOptions|WaitForJobOptions)\)/g, 'options?: $1)');
  // Outputs have every declared key (core's shape tables fill an absent one with null, or its default). tsify marks
  // fields with a parse default as optional; outside the input types, drop the `?`.
  const required = (decl, typeName) => (INPUT_TYPES.has(typeName) ? decl : decl.replace(/(\w+)\?: /g, '$1: '));
  dts = dts.replace(/export interface (\w+) \{[^]*?\n\}\n/g, (decl, typeName) => required(decl, typeName));
  dts = dts.replace(/export type (\w+) = [^\n]*\n/g, (decl, typeName) => required(decl, typeName));
  // Open objects (core's shapes with a `rest` field, like `Vps`): their undeclared members are typed under `extra`
  // (crates/wasm/src/json.rs adds it), not as an index signature beside the known fields, so `vps.hostnmae` does
  // not compile. They also stay on the object itself at runtime, as before.
  let open = 0;
  dts = dts.replace(/export type (\w+) = \1Fields & Record<string, unknown>;/g, (_, typeName) => {
    open++;
    return `export type ${typeName} = ${typeName}Fields & {\n    /** Every member this version does not declare, as the server sent it. */\n    extra: Record<string, unknown>;\n};`;
  });
  if (!open) throw new Error('core no longer declares an open object (Vps): check the `extra` rendering');
  // crates/wasm/build.rs writes it; its absence means a stale build-script output (a target dir shared with another
  // checkout of the workspace can leave one: `touch crates/wasm/build.rs` and build again).
  if (!dts.includes('export interface Drift')) throw new Error('the declarations lack `Drift` from crates/wasm/build.rs');
  if (dts.includes('__registerErrorClasses') || /\bany\b(?![ -]schedule)/.test(dts.replace(/\/\*\*[\s\S]*?\*\//g, ''))) {
    throw new Error('the public declarations still mention an internal or `any`');
  }
  const errs = readFileSync(errors, 'utf8').replace(/^import type[^\n]*\n/m, '');
  const extra = readFileSync(join(root, 'crates', 'wasm', 'js', 'extra.d.ts'), 'utf8');
  const client = readFileSync(join(root, 'crates', 'wasm', 'js', 'client.d.ts'), 'utf8');
  return `// hostup-backups: declarations generated from the Rust types (wasm-bindgen + tsify), the client, the error classes and init.\n${dts}\n${client}\n${errs}\n${extra}`;
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

/** The bytes a browser downloads for the package: the universal script (with the embedded wasm) and the ESM entry. */
export function reportSize() {
  const files = ['umd/index.js', 'index.js'];
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
