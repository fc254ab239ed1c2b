// The package's error classes. Every rejection of hostup-backups is one of these (or an AbortError).
// Each class sets `name` from a string literal: minifiers rename classes, so `constructor.name` would become "_".
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
export const errorClasses = {
  HostupError,
  HostupApiError,
  HostupValidationError,
  HostupTimeoutError,
  HostupNetworkError,
  HostupJobFailedError,
  HostupResponseError,
};
// The keys above are string literals too (minifiers keep property names), so each key is its class's name: the
// instances' `name` and the class's own (`constructor.name`), whatever a minifier called the class.
for (const name of Object.keys(errorClasses)) {
  Object.defineProperty(errorClasses[name].prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(errorClasses[name], 'name', { value: name });
}
