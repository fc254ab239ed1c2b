// ES module entry of hostup-backups (Node, browsers, bundlers). The package is one universal script, umd/index.js,
// shared with `require` and classic <script> pages, so `import` and `require` in one process share one instance
// and one set of error classes, and the embedded wasm ships once. It hands its API over under a registered symbol.
import './umd/index.js';

const api = globalThis[Symbol.for('hostup-backups')];

export const {
  HostupClient,
  validateSnapshotName,
  validateBackupSchedule,
  init,
  HostupError,
  HostupApiError,
  HostupValidationError,
  HostupTimeoutError,
  HostupNetworkError,
  HostupJobFailedError,
  HostupResponseError,
  errorClasses,
} = api;
