// The whole package, bundled by scripts/build-pkg.mjs into one universal script (pkg/umd/index.js) that every
// entry uses: `require`, `import` (index.js), a classic <script> (global `HostupBackups`), every bundler and Jest.
// `HostupClient` is the driver (./driver.js) over the wasm core's synchronous calls (crates/wasm/src/engine.rs).
//
// The wasm is embedded (deflated, then base64: `./wasm-data.js`, generated at build time) and instantiated
// synchronously on first use, so there is no top-level await, no file to fetch next to the module, and nothing a
// bundler must know how to emit. Deflating first keeps the download near the bare wasm's (base64 of the raw bytes
// gzips 28 % worse); Node inflates natively, elsewhere tiny-inflate does (bundled, 1 KB gzipped).
// `init({ wasm })` instantiates it earlier, or from bytes/a URL/a Module the user hosts.
import {
  initSync,
  __registerErrorClasses,
  validateSnapshotName as checkSnapshotName,
  validateBackupSchedule as checkBackupSchedule,
} from './glue.js';
import { errorClasses, HostupError } from './errors.js';
import { deflated, size } from './wasm-data.js';
import inflate from 'tiny-inflate';
import { makeClient } from './driver.js';

let ready = false;

function start(module) {
  initSync({ module });
  __registerErrorClasses(errorClasses);
  ready = true;
}

/** Instantiates the embedded wasm, once, the first time anything needs it. */
function ensure() {
  if (!ready) start(new WebAssembly.Module(embeddedWasm()));
}

/** The embedded wasm's bytes. */
function embeddedWasm() {
  // `process.getBuiltinModule` (Node ≥ 20.16) reaches zlib without a `require` a browser bundler would follow.
  const node = typeof process === 'object' && process !== null && typeof process.getBuiltinModule === 'function';
  const packed =
    typeof Buffer === 'function' && typeof Buffer.from === 'function' ? Buffer.from(deflated, 'base64') : fromBase64(deflated);
  if (node) return process.getBuiltinModule('node:zlib').inflateRawSync(packed);
  const bytes = new Uint8Array(size);
  inflate(packed, bytes);
  return bytes;
}

function fromBase64(text) {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Instantiates the wasm now, off the first call's path: from the embedded bytes, or from `wasm` (a URL or string
 * to fetch, a `Response`, bytes, or a compiled `WebAssembly.Module`). Optional; resolves at once when already done.
 */
export async function init(options) {
  if (ready) return;
  let wasm = options == null ? undefined : options.wasm;
  if (wasm === undefined) wasm = embeddedWasm();
  if (typeof wasm === 'string' || (typeof URL === 'function' && wasm instanceof URL)) wasm = fetch(wasm);
  wasm = await wasm;
  let module;
  if (wasm instanceof WebAssembly.Module) module = wasm;
  else if (typeof Response === 'function' && wasm instanceof Response) {
    if (!wasm.ok) throw new HostupError(`The wasm could not be fetched (HTTP ${wasm.status}).`, { code: 'wasm_load_failed' });
    module = await WebAssembly.compile(await wasm.arrayBuffer());
  } else module = await WebAssembly.compile(wasm);
  if (!ready) start(module);
}

/** The HostUp backup and snapshot client: the JS driver over the wasm core (./driver.js). */
export const HostupClient = makeClient(ensure);

export function validateSnapshotName(name) {
  ensure();
  return checkSnapshotName(name);
}

export function validateBackupSchedule(input) {
  ensure();
  return checkBackupSchedule(input);
}

export * from './errors.js';
