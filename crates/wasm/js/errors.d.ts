import type { FieldError, Job, Problem } from './web/hostup_backups.js';

/** Base class of every error the package rejects with (besides an `AbortError`). */
export declare class HostupError extends Error {
  /**
   * A stable machine-readable code: branch on it, not on `message`. A plain `HostupError` (no subclass) has
   * `client_disposed`: a method was called on a client after `free()` or `[Symbol.dispose]()`.
   */
  readonly code: string;
}

/**
 * The server answered with an error status (RFC 7807 problem details, or a non-JSON error body). The problem
 * document's members (`title`, `detail`, `type`, `instance`, `requestId` — quote it to support —, `timestamp`,
 * `errors`, `extensions`) are typed from core's one declaration of `Problem`, merged in below.
 */
export declare class HostupApiError extends HostupError {
  /** The HTTP status (the problem's own `status`, when it sent one). */
  readonly status: number;
  /** The problem's `code`, or one derived from the status when the body had none. */
  readonly code: string;
  /** From `Retry-After`, when the server sent one (429s, some 5xx). */
  readonly retryAfterMs: number | null;
  readonly rateLimit: { limit: number | null; remaining: number | null; resetMs: number | null };
}
export interface HostupApiError extends Readonly<Omit<Problem, 'status' | 'code'>> {}

/** The input broke one or more rules; no request was sent. `errors` has every broken field at once. */
export declare class HostupValidationError extends HostupError {
  readonly code: 'validation_failed';
  readonly errors: FieldError[];
}

/** A request got no answer in time (`code: "timeout"`), or a job wait hit its deadline (`code: "wait_timeout"`). */
export declare class HostupTimeoutError extends HostupError {
  readonly code: 'timeout' | 'wait_timeout';
  readonly timeoutMs: number;
  readonly attempts: number | null;
  /** For a wait: the job, which may still finish (wait again to resume). */
  readonly jobId: string | null;
  readonly lastStatus: string | null;
}

/** The connection failed (refused, reset, CORS, DNS). */
export declare class HostupNetworkError extends HostupError {
  readonly code: 'network_error';
  readonly attempts: number;
}

/** A job ended `failed`. */
export declare class HostupJobFailedError extends HostupError {
  readonly status: number | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly requestId: string | null;
  readonly jobId: string;
  readonly job: Job;
}

/** A success answer whose body is not what the contract describes (or too large to parse). */
export declare class HostupResponseError extends HostupError {
  readonly code: 'invalid_response' | 'response_too_large';
  readonly status: number | null;
  readonly pointer: string;
  /** `response_too_large` only: the body's announced length and the limit it broke, in bytes. */
  readonly length?: number;
  readonly limit?: number;
}

export declare const errorClasses: {
  HostupError: typeof HostupError;
  HostupApiError: typeof HostupApiError;
  HostupValidationError: typeof HostupValidationError;
  HostupTimeoutError: typeof HostupTimeoutError;
  HostupNetworkError: typeof HostupNetworkError;
  HostupJobFailedError: typeof HostupJobFailedError;
  HostupResponseError: typeof HostupResponseError;
};
