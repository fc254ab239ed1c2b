// Node entry of hostup-backups (ES module): the CommonJS build, re-exported, so `import` and `require` in one process
// share one instance and one set of error classes.
import cjs from './index.cjs';

export const {
  HostupClient,
  validateSnapshotName,
  validateBackupSchedule,
  HostupError,
  HostupApiError,
  HostupValidationError,
  HostupTimeoutError,
  HostupNetworkError,
  HostupJobFailedError,
  HostupResponseError,
  errorClasses,
} = cjs;
