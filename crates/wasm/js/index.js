// Browser and bundler entry of hostup-backups (ES module). The wasm is fetched next to this file and instantiated
// once, at import, so every export is ready to use.
import init, * as wasm from './web/hostup_backups.js';
import { errorClasses } from './errors.js';

await init({ module_or_path: new URL('./web/hostup_backups_bg.wasm', import.meta.url) });
wasm.__registerErrorClasses(errorClasses);

export const { HostupClient, validateSnapshotName, validateBackupSchedule } = wasm;
export * from './errors.js';
