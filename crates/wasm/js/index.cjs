'use strict';
// Node entry of hostup-backups (CommonJS). Node ≥ 18: uses the global fetch.
const wasm = require('./node/hostup_backups.js');
const errorClasses = require('./errors.cjs');

wasm.__registerErrorClasses(errorClasses);

module.exports = {
  HostupClient: wasm.HostupClient,
  validateSnapshotName: wasm.validateSnapshotName,
  validateBackupSchedule: wasm.validateBackupSchedule,
  ...errorClasses,
  errorClasses,
};
