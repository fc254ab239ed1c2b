// Types of hostup-backups. The API types and HostupClient's signatures are generated from the Rust types
// (wasm-bindgen + tsify) into web/hostup_backups.d.ts; this file selects the public names.
export { HostupClient, validateSnapshotName, validateBackupSchedule } from './web/hostup_backups.js';
export type * from './web/hostup_backups.js';
export * from './errors.js';
