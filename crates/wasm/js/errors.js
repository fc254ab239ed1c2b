// The package's error classes. Every rejection of hostup-backups is one of these (or an AbortError).
export class HostupError extends Error {
  constructor(message, props) {
    super(message);
    Object.assign(this, props);
  }
}
export class HostupApiError extends HostupError {}
export class HostupValidationError extends HostupError {}
export class HostupTimeoutError extends HostupError {}
export class HostupNetworkError extends HostupError {}
export class HostupJobFailedError extends HostupError {}
export class HostupResponseError extends HostupError {}
for (const C of [HostupError, HostupApiError, HostupValidationError, HostupTimeoutError, HostupNetworkError, HostupJobFailedError, HostupResponseError]) {
  Object.defineProperty(C.prototype, 'name', { value: C.name, writable: true, configurable: true });
}
export const errorClasses = {
  HostupError,
  HostupApiError,
  HostupValidationError,
  HostupTimeoutError,
  HostupNetworkError,
  HostupJobFailedError,
  HostupResponseError,
};
