// BaselineClient: the HostUp backup & snapshot client a careful TypeScript team would write by hand — global `fetch`,
// zod v4 schemas for every input and response, RFC 7807 errors as a real Error class, retries that never duplicate a
// create or repeat a restore, and a job waiter with a deadline. It is the peer `hostup-backups` (Rust → wasm) is
// benchmarked against, so it aims to be good, not a strawman. Contract: shared/API.md and shared/seeds/*; the shapes of
// undocumented endpoints, the rate-limit headers and the field-error codes follow docs/inferred.md.

import * as z from 'zod';

// ─── Field errors ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The codes of docs/inferred.md "Field-error codes" (shared with the server's problem `errors[]`). */
export type FieldErrorCode =
  | 'missing_required'
  | 'invalid_type'
  | 'invalid_value'
  | 'out_of_range'
  | 'not_allowed'
  | 'too_long'
  | 'invalid_format';

/** One broken field, in the shape of an entry of the server's problem `errors[]`. */
export interface FieldError {
  /** JSON pointer into the request body (`/hour`), or to a path parameter (`/vpsId`). */
  pointer: string;
  /** A sentence for a human. */
  detail: string;
  /** Stable machine-readable code. */
  code: FieldErrorCode;
}

type Issue = z.core.$ZodIssue;
type Ctx = z.core.$RefinementCtx<unknown>;

/** Adds an issue whose field-error code is set explicitly (custom issues carry it in `params.code`). */
function addIssue(ctx: Ctx, code: FieldErrorCode, message: string, path?: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message, params: { code }, ...(path ? { path } : {}) });
}

function escapePointer(segment: PropertyKey): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Maps zod's issue codes onto ours. Built-in issues need `reportInput` so a missing field is told from a wrong one. */
function fieldCode(issue: Issue): FieldErrorCode {
  const explicit = (issue as { params?: { code?: FieldErrorCode } }).params?.code;
  if (explicit) return explicit;
  switch (issue.code) {
    case 'invalid_type':
      // `null` counts as absent, like the server does; a non-object body is a type error, not a missing field.
      return issue.input == null && issue.path.length > 0 ? 'missing_required' : 'invalid_type';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'out_of_range';
    case 'too_small':
      return issue.origin === 'string' ? 'invalid_format' : 'out_of_range';
    case 'invalid_format':
      return 'invalid_format';
    default:
      return 'invalid_value';
  }
}

function toFieldErrors(issues: readonly Issue[], prefix = ''): FieldError[] {
  return issues.map((issue) => ({
    pointer: prefix + issue.path.map((p) => '/' + escapePointer(p)).join(''),
    detail: issue.message,
    code: fieldCode(issue),
  }));
}

function check<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): { data?: T; errors: FieldError[] } {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? { data: result.data, errors: [] } : { errors: toFieldErrors(result.error.issues, prefix) };
}

// ─── Input schemas ─────────────────────────────────────────────────────────────────────────────────────────────────

/** `"`hour` is required."` for an absent or null value, `"`hour` must be an integer."` for a wrong type. */
const typeError = (field: string, expected: string) => (issue: { input?: unknown }) =>
  issue.input == null ? `\`${field}\` is required.` : `\`${field}\` must be ${expected}.`;

/**
 * An integer in `[min, max]`. Written as one refinement rather than `z.int().min().max()`: zod marks a failed `int`
 * check as aborting, which would skip the object-level day rules, and the contract wants every broken field at once.
 */
function integer(field: string, min: number, max: number, maxIsDocumented = true) {
  return z.number({ error: typeError(field, 'an integer') }).superRefine((n, ctx) => {
    if (!Number.isSafeInteger(n)) {
      addIssue(ctx, 'invalid_type', `\`${field}\` must be a whole number.`);
    } else if (n < min || n > max) {
      const range = maxIsDocumented ? `between ${min} and ${max}` : `at least ${min}`;
      addIssue(ctx, 'out_of_range', `\`${field}\` must be ${range}; got ${n}.`);
    }
  });
}

function describeChar(c: string): string {
  const u = 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return /[\p{Cc}\s]/u.test(c) ? u : `'${c}' (${u})`;
}

const SNAPSHOT_NAME_MAX = 40;

/** API.md §2: letters, digits, `_` and `-`, 1 to 40 characters (`/^[A-Za-z0-9_-]{1,40}$/`), one error at a time. */
export const SnapshotNameSchema = z
  .string({ error: '`name` must be a string.' })
  .min(1, { error: 'The snapshot name must not be empty.', abort: true })
  .regex(/^[A-Za-z0-9_-]*$/, {
    abort: true,
    error: (issue) =>
      'The snapshot name may contain only letters A–Z and a–z, digits, \'_\' and \'-\'; found ' +
      describeChar([...String(issue.input)].find((c) => !/[A-Za-z0-9_-]/.test(c))!) +
      '.',
  })
  .max(SNAPSHOT_NAME_MAX, {
    error: (issue) =>
      `The snapshot name is ${String(issue.input).length} characters long; the maximum is ${SNAPSHOT_NAME_MAX}.`,
  });

/** Ids go into URL paths: only URL-unreserved characters, no dot segments (API.md "Basics"). */
const ResourceIdSchema = z.string({ error: 'The id must be a string.' }).superRefine((id, ctx) => {
  if (id === '') addIssue(ctx, 'missing_required', 'The id must not be empty.');
  else if (id.length > 128) addIssue(ctx, 'too_long', `The id is ${id.length} characters long; ids are at most 128.`);
  else if (!/^[A-Za-z0-9._~-]+$/.test(id) || id === '.' || id === '..')
    addIssue(ctx, 'invalid_format', 'The id contains characters that cannot appear in an id.');
});

const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;

const FrequencySchema = z.string({ error: typeError('frequency', 'a string') }).pipe(
  z.enum(FREQUENCIES, {
    error: (issue) =>
      `\`frequency\` must be "daily", "weekly" or "monthly", not ${JSON.stringify(String(issue.input).slice(0, 40))}.`,
  }),
);

const scheduleFields = {
  frequency: FrequencySchema,
  hour: integer('hour', 0, 23),
  dayOfWeek: integer('dayOfWeek', 0, 6).nullish(),
  dayOfMonth: integer('dayOfMonth', 1, 31).nullish(),
  // The contract only says ≥ 1; the server stores it as an unsigned 32-bit count.
  retentionCount: integer('retentionCount', 1, 2 ** 32 - 1, false),
  enabled: z.boolean({ error: typeError('enabled', 'true or false') }),
  name: z.string({ error: '`name` must be a string.' }).nullish(),
};

/** seeds/002 day rules: weekly needs `dayOfWeek` and forbids `dayOfMonth`; monthly the reverse; daily forbids both. */
function dayRules(s: { frequency?: unknown; dayOfWeek?: unknown; dayOfMonth?: unknown }, ctx: Ctx): void {
  const hasDow = s.dayOfWeek != null;
  const hasDom = s.dayOfMonth != null;
  const forbid = (field: string) =>
    addIssue(ctx, 'not_allowed', `\`${field}\` must not be sent for a ${s.frequency} schedule.`, [field]);
  switch (s.frequency) {
    case 'daily':
      if (hasDow) forbid('dayOfWeek');
      if (hasDom) forbid('dayOfMonth');
      break;
    case 'weekly':
      if (hasDom) forbid('dayOfMonth');
      if (!hasDow)
        addIssue(ctx, 'missing_required', '`dayOfWeek` (0–6, 0 = Sunday) is required for a weekly schedule.', [
          'dayOfWeek',
        ]);
      break;
    case 'monthly':
      if (hasDow) forbid('dayOfWeek');
      if (!hasDom)
        addIssue(ctx, 'missing_required', '`dayOfMonth` (1–31) is required for a monthly schedule.', ['dayOfMonth']);
      break;
  }
}

/** Run object-level rules even when some fields failed (so every broken field is reported), but only on objects. */
const onObjects = { when: (p: { value: unknown }) => typeof p.value === 'object' && p.value !== null };

/** Create-or-replace body (`POST …/backup-schedules`, seeds/002). Unknown keys are dropped. */
export const BackupScheduleSchema = z
  .object(scheduleFields, { error: 'The schedule must be an object.' })
  .superRefine(dayRules, onObjects);

/** Partial update (`PATCH …/backup-schedules`, inferred): present fields obey the ranges; day rules when `frequency` is given. */
export const BackupSchedulePatchSchema = z
  .object(
    {
      id: ResourceIdSchema.optional(),
      frequency: scheduleFields.frequency.optional(),
      hour: scheduleFields.hour.optional(),
      dayOfWeek: scheduleFields.dayOfWeek,
      dayOfMonth: scheduleFields.dayOfMonth,
      retentionCount: scheduleFields.retentionCount.optional(),
      enabled: scheduleFields.enabled.optional(),
      name: scheduleFields.name,
    },
    { error: 'The update must be an object.' },
  )
  .superRefine((patch, ctx) => {
    if (patch.frequency !== undefined) dayRules(patch, ctx);
    if (Object.keys(patch).every((k) => k === 'id'))
      addIssue(ctx, 'missing_required', 'The update changes nothing: give at least one field.');
  }, onObjects);

/** `POST …/snapshots` body (seeds/001). */
export const CreateSnapshotSchema = z.object(
  { name: SnapshotNameSchema, description: z.string({ error: '`description` must be a string or null.' }).nullish() },
  { error: 'The snapshot must be an object with a `name`.' },
);

/** `POST …/backups` body (seeds/000): only a note. A backup mode is never sent (unknown keys are dropped). */
export const CreateBackupSchema = z.object({ note: z.string({ error: '`note` must be a string.' }).nullish() });

export type BackupScheduleInput = z.input<typeof BackupScheduleSchema>;
export type BackupSchedulePatch = z.input<typeof BackupSchedulePatchSchema>;
export type CreateSnapshotInput = z.input<typeof CreateSnapshotSchema>;
export type CreateBackupOptions = z.input<typeof CreateBackupSchema>;

/** Validates a snapshot name as the user types: `[]` when valid, otherwise one error at `/name`. */
export function validateSnapshotName(name: unknown): FieldError[] {
  return check(SnapshotNameSchema, name, '/name').errors;
}

/** Validates a create-or-replace schedule: `[]` when valid, otherwise every broken field. */
export function validateBackupSchedule(input: unknown): FieldError[] {
  return check(BackupScheduleSchema, input).errors;
}

// ─── Response schemas ──────────────────────────────────────────────────────────────────────────────────────────────
// Documented shapes follow the seeds; inferred ones (docs/inferred.md) are parsed tolerantly. Unknown enum values are
// kept as strings, never a crash; unknown fields are dropped (kept for `Vps`).

/** A string enum that also accepts values this client does not know yet. */
function openEnum<const T extends string>(_known: readonly T[]) {
  return z.string() as unknown as z.ZodType<T | (string & {})>;
}

const nullableString = z.string().nullable();
const optionalString = z.string().nullish();

export const OperationStatusSchema = openEnum(['pending', 'queued', 'in_progress', 'completed', 'failed']);

export const FieldErrorWireSchema = z.object({ pointer: z.string(), detail: z.string(), code: z.string() });

/** RFC 7807 problem details (API.md "Errors"). Every field optional: an error body must never fail to parse. */
export const ProblemSchema = z.looseObject({
  type: optionalString,
  title: optionalString,
  status: z.number().nullish(),
  detail: optionalString,
  code: optionalString,
  instance: optionalString,
  requestId: optionalString,
  timestamp: optionalString,
  errors: z.array(FieldErrorWireSchema).nullish(),
  extensions: z.record(z.string(), z.unknown()).nullish(),
});

/** An action gate (seeds/003): show `reason`, do not guess. */
export const GateSchema = z.object({ allowed: z.boolean(), reason: nullableString, code: optionalString });

export const BackupSchema = z.object({
  id: z.string(),
  displayId: z.string(),
  storageKey: z.string(),
  createdAt: nullableString,
  sizeGb: z.number(),
  backupType: z.string(),
  note: nullableString,
});

/** `GET /api/v2/vps/{id}/backups` (seeds/003). */
export const BackupListSchema = z.object({
  backups: z.array(BackupSchema),
  quotaInfo: z.object({ used: z.int(), limit: z.int().nullable(), remaining: z.int().nullable() }),
  actions: z.object({ canCreateBackup: GateSchema, canRestore: GateSchema }),
});

/** The operation of every queued action (API.md "The operation envelope"). */
export const OperationSchema = z.object({
  status: OperationStatusSchema,
  jobId: z.string(),
  pollUrl: z.string(),
  result: z.record(z.string(), z.unknown()).nullish(),
});
export const OperationEnvelopeSchema = z.object({ operation: OperationSchema });

/** `GET /api/jobs/{jobId}` (inferred): the operation plus kind, times and, when failed, a problem. */
export const JobSchema = z.object({
  status: OperationStatusSchema,
  jobId: z.string(),
  pollUrl: optionalString,
  result: z.record(z.string(), z.unknown()).nullish(),
  kind: openEnum(['backup', 'snapshot', 'snapshot_restore', 'backup_restore', 'snapshot_delete', 'backup_delete'])
    .nullish(),
  createdAt: optionalString,
  updatedAt: optionalString,
  error: ProblemSchema.nullish(),
});

/** A saved schedule: the 201 body of seeds/002 (all keys always present). */
export const ScheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  frequency: openEnum(FREQUENCIES),
  time: nullableString,
  daySpecifier: nullableString,
  retentionCount: z.int(),
  enabled: z.boolean(),
  lastRun: nullableString,
  nextRun: nullableString,
  status: openEnum(['completed', 'running', 'queued', 'failed', 'cancelled', 'unknown', '']).nullable(),
});

/** `GET …/backup-schedules` (inferred). */
export const ScheduleListSchema = z.object({
  data: z.array(ScheduleSchema),
  limits: z.object({ maxSchedules: z.int().nullish() }).optional(),
  actions: z.object({ canCreate: GateSchema }),
});

export const SnapshotSchema = z.object({
  name: z.string(),
  description: optionalString,
  createdAt: optionalString,
  expiresAt: optionalString,
  sizeGb: z.number().nullish(),
});

/** `GET …/snapshots` (inferred from API.md §2). */
export const SnapshotListSchema = z.object({
  data: z.array(SnapshotSchema),
  available: z.boolean().default(true),
  limits: z.object({ totalSnapshots: z.int().nullish(), usedSnapshots: z.int().nullish() }).optional(),
  actions: z.object({ canCreate: GateSchema, canRestore: GateSchema }),
});

/** A VPS (inferred): only `id` is required; every other field is kept as sent. */
export const VpsSchema = z.looseObject({
  id: z.string(),
  name: optionalString,
  hostname: optionalString,
  status: optionalString,
  region: optionalString,
  createdAt: optionalString,
});
export const VpsListSchema = z.object({ data: z.array(VpsSchema) });
export const VpsStatusSchema = z.object({ id: optionalString, status: optionalString, powerState: optionalString });

export type Problem = z.infer<typeof ProblemSchema>;
export type Gate = z.infer<typeof GateSchema>;
export type Backup = z.infer<typeof BackupSchema>;
export type BackupList = z.infer<typeof BackupListSchema>;
export type Operation = z.infer<typeof OperationSchema>;
export type OperationEnvelope = z.infer<typeof OperationEnvelopeSchema>;
export type Job = z.infer<typeof JobSchema>;
export type Schedule = z.infer<typeof ScheduleSchema>;
export type ScheduleList = z.infer<typeof ScheduleListSchema>;
export type Snapshot = z.infer<typeof SnapshotSchema>;
export type SnapshotList = z.infer<typeof SnapshotListSchema>;
export type Vps = z.infer<typeof VpsSchema>;
export type VpsList = z.infer<typeof VpsListSchema>;
export type VpsStatus = z.infer<typeof VpsStatusSchema>;

// ─── Errors ────────────────────────────────────────────────────────────────────────────────────────────────────────
// Names are set as strings: a minifier renames classes.

/** Base class of every error the client rejects with (besides the caller's own `AbortError`). */
export class BaselineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BaselineError';
    this.code = code;
  }
}

export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  /** Milliseconds until the bucket is full again. */
  resetMs: number | null;
}

/** The server answered with an error status: RFC 7807 problem details, or a non-JSON body kept as a snippet. */
export class BaselineApiError extends BaselineError {
  readonly status: number;
  readonly title: string | null;
  readonly detail: string | null;
  readonly type: string | null;
  readonly instance: string | null;
  /** Quote it to support. */
  readonly requestId: string | null;
  readonly timestamp: string | null;
  readonly errors: FieldError[];
  readonly extensions: Record<string, unknown> | null;
  readonly retryAfterMs: number | null;
  readonly rateLimit: RateLimit;
  constructor(status: number, problem: Problem | null, snippet: string | null, headers: Headers) {
    const code = problem?.code ?? `http_${status}`;
    super(code, problem?.detail ?? problem?.title ?? (snippet ? `HTTP ${status}: ${snippet}` : `HTTP ${status}`));
    this.name = 'BaselineApiError';
    this.status = status;
    this.title = problem?.title ?? null;
    this.detail = problem?.detail ?? null;
    this.type = problem?.type ?? null;
    this.instance = problem?.instance ?? null;
    this.requestId = problem?.requestId ?? null;
    this.timestamp = problem?.timestamp ?? null;
    this.errors = (problem?.errors ?? []) as FieldError[];
    this.extensions = problem?.extensions ?? null;
    this.retryAfterMs = parseRetryAfter(headers.get('retry-after'));
    this.rateLimit = parseRateLimit(headers);
  }
}

/** The input broke one or more rules; nothing was sent. */
export class BaselineValidationError extends BaselineError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super('validation_failed', 'Invalid input: ' + errors.map((e) => `${e.pointer || '(body)'}: ${e.detail}`).join('; '));
    this.name = 'BaselineValidationError';
    this.errors = errors;
  }
}

/** A request got no answer in time (`timeout`), or a job wait hit its deadline (`wait_timeout`). */
export class BaselineTimeoutError extends BaselineError {
  readonly timeoutMs: number;
  readonly jobId: string | null;
  readonly lastStatus: string | null;
  constructor(code: 'timeout' | 'wait_timeout', timeoutMs: number, jobId: string | null = null, lastStatus: string | null = null) {
    super(
      code,
      code === 'timeout'
        ? `No response within ${timeoutMs} ms.`
        : `Job ${jobId} did not finish within ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'}); it may still finish.`,
    );
    this.name = 'BaselineTimeoutError';
    this.timeoutMs = timeoutMs;
    this.jobId = jobId;
    this.lastStatus = lastStatus;
  }
}

/** The connection failed (refused, reset, DNS, CORS). */
export class BaselineNetworkError extends BaselineError {
  constructor(cause: unknown) {
    super('network_error', `Network error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'BaselineNetworkError';
  }
}

/** A job ended `failed`; `job.error` is the server's problem. */
export class BaselineJobFailedError extends BaselineError {
  readonly job: Job;
  readonly jobId: string;
  readonly requestId: string | null;
  constructor(job: Job) {
    super(job.error?.code ?? 'job_failed', job.error?.detail ?? job.error?.title ?? `Job ${job.jobId} failed.`);
    this.name = 'BaselineJobFailedError';
    this.job = job;
    this.jobId = job.jobId;
    this.requestId = job.error?.requestId ?? null;
  }
}

/** A success answer whose body is not what the contract describes. */
export class BaselineResponseError extends BaselineError {
  readonly status: number | null;
  /** JSON pointer of the first offending value. */
  readonly pointer: string;
  constructor(status: number | null, pointer: string, message: string, cause?: unknown) {
    super('invalid_response', `Unexpected response body at ${pointer || '(root)'}: ${message}`, { cause });
    this.name = 'BaselineResponseError';
    this.status = status;
    this.pointer = pointer;
  }
}

// ─── Headers and parsing ───────────────────────────────────────────────────────────────────────────────────────────

/** `Retry-After`: seconds (fractions accepted) or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null): number | null {
  if (value == null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** `X-RateLimit-*` (docs/inferred.md): a reset above 10⁹ is a Unix time in seconds, otherwise seconds from now. */
function parseRateLimit(headers: Headers): RateLimit {
  const num = (name: string) => {
    const v = headers.get(name);
    return v != null && /^\s*\d+\s*$/.test(v) ? Number(v) : null;
  };
  const reset = num('x-ratelimit-reset');
  return {
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    resetMs: reset == null ? null : reset > 1e9 ? Math.max(0, reset * 1000 - Date.now()) : reset * 1000,
  };
}

/** Parses a success body: JSON syntax errors and schema mismatches both become `BaselineResponseError`. */
function parseBody<T>(schema: z.ZodType<T>, text: string, status: number | null = null): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BaselineResponseError(status, '', (e as Error).message, e);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const first = result.error.issues[0]!;
  throw new BaselineResponseError(
    status,
    first.path.map((p) => '/' + escapePointer(p)).join(''),
    first.message,
    result.error,
  );
}

/** Inferred shapes may arrive bare or wrapped as `{ "<key>": {...} }`. */
function unwrapped<T>(schema: z.ZodType<T>, key: string) {
  return z.preprocess(
    (v) => (v !== null && typeof v === 'object' && key in v ? (v as Record<string, unknown>)[key] : v),
    schema,
  );
}

const VpsDetailsSchema = unwrapped(VpsSchema, 'data');
const VpsStatusDetailsSchema = unwrapped(VpsStatusSchema, 'data');
const JobResponseSchema = unwrapped(JobSchema, 'operation');

/** Parses the body of `GET /api/v2/vps/{id}/backups` (JSON.parse + zod), as the client does. */
export function parseBackupList(text: string): BackupList {
  return parseBody(BackupListSchema, text);
}

// ─── The client ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface BaselineClientOptions {
  /** `Authorization: Bearer …`. Leave it out inside a dashboard that authenticates with a session cookie. */
  apiKey?: string;
  /** Defaults to `https://cloud.hostup.se`; `""` means the page's own origin. */
  baseUrl?: string;
  /** `"include"` (or `true`) sends cookies, for a `hostup_session` dashboard session. */
  credentials?: RequestCredentials | boolean;
  /** Retries after the first attempt (0–10, default 3). */
  maxRetries?: number;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export interface RestoreOptions {
  /** The snapshot name (or backup id) again: a deliberate confirmation of a destructive action. */
  confirm: string;
}

export interface WaitForJobOptions {
  /** Abort the wait (rejects with the signal's reason; the job itself goes on). */
  signal?: AbortSignal;
  /** Give up after this many ms (rejects with `BaselineTimeoutError`; the job goes on). Default 1 hour. */
  timeoutMs?: number;
  /** Fixed wait between polls (default 1000 ms). */
  intervalMs?: number;
  /** Called with the job on every status change. */
  onProgress?: (job: Job) => void;
}

/**
 * What a request may be retried on (LESSONS.md): reads on 5xx/network/timeout with backoff; everything on 429 after
 * `Retry-After` (the server did not process it) — except a restore, which is never repeated automatically.
 */
type RequestKind = 'read' | 'create' | 'update' | 'delete' | 'restore';

interface Call<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  kind: RequestKind;
  url: string;
  body?: unknown;
  parse: (text: string, status: number) => T;
  signal?: AbortSignal;
}

const DEFAULT_BASE_URL = 'https://cloud.hostup.se';
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not waited out: the caller gets the error, with `retryAfterMs` in it. */
const MAX_RETRY_AFTER_MS = 120_000;
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Full jitter: uniform in `[0, min(cap, base · 2^attempt)]`. */
function backoff(attempt: number): number {
  return Math.max(1, Math.floor(Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt)));
}

const operation = (text: string, status: number) => parseBody(OperationEnvelopeSchema, text, status).operation;
/** Deletes may answer 204 with no body (docs/inferred.md). */
const optionalOperation = (text: string, status: number) => (text.trim() === '' ? null : operation(text, status));

export class BaselineClient {
  readonly #apiKey: string | undefined;
  readonly #baseUrl: string;
  readonly #origin: string;
  readonly #credentials: RequestCredentials | undefined;
  readonly #maxRetries: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: BaselineClientOptions = {}) {
    const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    if (base !== '' && !/^https?:\/\//.test(base)) {
      throw new BaselineValidationError([
        { pointer: '/baseUrl', code: 'invalid_format', detail: 'The base URL must start with http:// or https://.' },
      ]);
    }
    this.#apiKey = options.apiKey || undefined;
    this.#baseUrl = base;
    // Poll URLs are origin-relative and live outside /api/v2 (API.md "Basics").
    this.#origin = base === '' ? '' : new URL(base).origin;
    const c = options.credentials;
    this.#credentials = c === true ? 'include' : c === false ? 'omit' : c;
    this.#maxRetries = Math.min(10, Math.max(0, Math.floor(options.maxRetries ?? 3)));
    this.#timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  // ── VPS (inferred shapes) ──

  /** `GET /api/v2/vps`. */
  async listVps(): Promise<VpsList> {
    return this.#get(`${this.#baseUrl}/api/v2/vps`, VpsListSchema);
  }

  /** `GET /api/v2/vps/{id}`. */
  async getVps(vpsId: string): Promise<Vps> {
    return this.#get(this.#vpsUrl(vpsId), VpsDetailsSchema);
  }

  /** `GET /api/v2/vps/{id}/status`. */
  async getVpsStatus(vpsId: string): Promise<VpsStatus> {
    return this.#get(this.#vpsUrl(vpsId, '/status'), VpsStatusDetailsSchema);
  }

  // ── Backups ──

  /** `GET /api/v2/vps/{id}/backups` (seeds/003). */
  async listBackups(vpsId: string): Promise<BackupList> {
    return this.#get(this.#vpsUrl(vpsId, '/backups'), BackupListSchema);
  }

  /** `POST /api/v2/vps/{id}/backups` (seeds/000). Without a note no body is sent. Retried only on 429. */
  async createBackup(vpsId: string, options: CreateBackupOptions = {}): Promise<Operation> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, '/backups', errors);
    const input = this.#input(CreateBackupSchema, options ?? {}, errors);
    return this.#send({
      method: 'POST',
      kind: 'create',
      url,
      body: input.note != null ? { note: input.note } : undefined,
      parse: operation,
    });
  }

  /** `POST …/backups/{backupId}/actions/restore` (inferred path). `confirm` must equal `backupId`. Never retried. */
  async restoreBackup(vpsId: string, backupId: string, options: RestoreOptions): Promise<Operation> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, `/backups/${this.#id(backupId, '/backupId', errors)}/actions/restore`, errors);
    this.#confirm(backupId, options, errors);
    return this.#send({ method: 'POST', kind: 'restore', url, parse: operation });
  }

  /** `DELETE …/backups/{backupId}` (inferred): an operation, or `null` on 204. */
  async deleteBackup(vpsId: string, backupId: string): Promise<Operation | null> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, `/backups/${this.#id(backupId, '/backupId', errors)}`, errors);
    assertValid(errors);
    return this.#send({ method: 'DELETE', kind: 'delete', url, parse: optionalOperation });
  }

  // ── Snapshots ──

  /** `GET /api/v2/vps/{id}/snapshots` (inferred). */
  async listSnapshots(vpsId: string): Promise<SnapshotList> {
    return this.#get(this.#vpsUrl(vpsId, '/snapshots'), SnapshotListSchema);
  }

  /** `POST /api/v2/vps/{id}/snapshots` (seeds/001). Retried only on 429. */
  async createSnapshot(vpsId: string, input: CreateSnapshotInput): Promise<Operation> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, '/snapshots', errors);
    const body = this.#input(CreateSnapshotSchema, input, errors);
    return this.#send({ method: 'POST', kind: 'create', url, body: stripUndefined(body), parse: operation });
  }

  /**
   * `POST …/snapshots/{name}/actions/restore` (seeds/004). Destructive: the current disk is replaced. Nothing is sent
   * unless `options.confirm` repeats the name. Never retried automatically.
   */
  async restoreSnapshot(vpsId: string, name: string, options: RestoreOptions): Promise<Operation> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, `/snapshots/${this.#snapshotId(name, errors)}/actions/restore`, errors);
    this.#confirm(name, options, errors);
    return this.#send({ method: 'POST', kind: 'restore', url, parse: operation });
  }

  /** `DELETE …/snapshots/{name}` (inferred): an operation, or `null` on 204. */
  async deleteSnapshot(vpsId: string, name: string): Promise<Operation | null> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, `/snapshots/${this.#snapshotId(name, errors)}`, errors);
    assertValid(errors);
    return this.#send({ method: 'DELETE', kind: 'delete', url, parse: optionalOperation });
  }

  // ── Backup schedules ──

  /** `GET …/backup-schedules` (inferred). */
  async listBackupSchedules(vpsId: string): Promise<ScheduleList> {
    return this.#get(this.#vpsUrl(vpsId, '/backup-schedules'), ScheduleListSchema);
  }

  /** `POST …/backup-schedules` (seeds/002): create or replace. Retried only on 429. */
  async setBackupSchedule(vpsId: string, input: BackupScheduleInput): Promise<Schedule> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, '/backup-schedules', errors);
    const body = this.#input(BackupScheduleSchema, input, errors);
    return this.#send({
      method: 'POST',
      kind: 'create',
      url,
      body: stripNullish(body),
      parse: (text, status) => parseBody(ScheduleSchema, text, status),
    });
  }

  /** `PATCH …/backup-schedules` (inferred): a partial update; `null` removes a field. Not retried on 5xx. */
  async updateBackupSchedules(vpsId: string, patch: BackupSchedulePatch): Promise<Schedule> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, '/backup-schedules', errors);
    const body = this.#input(BackupSchedulePatchSchema, patch, errors);
    return this.#send({
      method: 'PATCH',
      kind: 'update',
      url,
      body: stripUndefined(body),
      parse: (text, status) => parseBody(ScheduleSchema, text, status),
    });
  }

  /** `DELETE …/backup-schedules/{scheduleId}` (inferred): 204; a body, if any, is ignored. */
  async deleteBackupSchedule(vpsId: string, scheduleId: string): Promise<void> {
    const errors: FieldError[] = [];
    const url = this.#vpsUrl(vpsId, `/backup-schedules/${this.#id(scheduleId, '/scheduleId', errors)}`, errors);
    assertValid(errors);
    await this.#send({ method: 'DELETE', kind: 'delete', url, parse: () => undefined });
  }

  // ── Jobs ──

  /** `GET /api/jobs/{jobId}` (inferred), from a job id or a `pollUrl` (origin-relative or absolute). */
  async getJob(jobIdOrPollUrl: string, options: { signal?: AbortSignal } = {}): Promise<Job> {
    let ref = String(jobIdOrPollUrl);
    if (this.#origin && ref.startsWith(this.#origin + '/api/jobs/')) ref = ref.slice(this.#origin.length);
    if (ref.startsWith('/api/jobs/')) ref = ref.slice('/api/jobs/'.length);
    const errors: FieldError[] = [];
    const url = `${this.#origin}/api/jobs/${this.#id(ref, '/jobId', errors)}`;
    assertValid(errors);
    return this.#send({
      method: 'GET',
      kind: 'read',
      url,
      parse: (text, status) => parseBody(JobResponseSchema, text, status),
      signal: options.signal,
    });
  }

  /**
   * Polls the job every `intervalMs` until it completes (resolves with the job), fails (`BaselineJobFailedError`),
   * the deadline passes (`BaselineTimeoutError` `wait_timeout`) or `signal` aborts. Transient poll failures (network,
   * 429, 5xx — after the request's own retries) do not end the wait; other errors do.
   */
  async waitForJob(target: Operation | OperationEnvelope | string, options: WaitForJobOptions = {}): Promise<Job> {
    const { signal, onProgress } = options;
    const intervalMs = Math.max(1, options.intervalMs ?? 1_000);
    const timeoutMs = Math.max(0, options.timeoutMs ?? 3_600_000);
    const op = typeof target === 'string' ? null : 'operation' in target ? target.operation : target;
    const ref = op ? op.jobId : (target as string);
    let last: Job | null = op ? { ...op } : null;
    if (last?.status === 'completed') return last;
    if (last?.status === 'failed') throw new BaselineJobFailedError(last);

    // One signal for the whole wait, so even a hung request cannot hold the caller past the deadline.
    const deadline = AbortSignal.timeout(timeoutMs);
    const waitSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const timedOut = () => new BaselineTimeoutError('wait_timeout', timeoutMs, ref, last?.status ?? null);
    for (;;) {
      try {
        await sleep(intervalMs, waitSignal);
        const job = await this.getJob(ref, { signal: waitSignal });
        if (job.status !== last?.status) onProgress?.(job);
        last = job;
        if (job.status === 'completed') return job;
        if (job.status === 'failed') throw new BaselineJobFailedError(job);
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (deadline.aborted) throw timedOut();
        if (!isTransient(e)) throw e;
      }
    }
  }

  // ── Plumbing ──

  #get<T>(url: string, schema: z.ZodType<T>): Promise<T> {
    return this.#send({ method: 'GET', kind: 'read', url, parse: (text, status) => parseBody(schema, text, status) });
  }

  #id(id: unknown, pointer: string, errors: FieldError[]): string {
    const r = check(ResourceIdSchema, id, pointer);
    errors.push(...r.errors);
    return encodeURIComponent(r.data ?? '');
  }

  #snapshotId(name: unknown, errors: FieldError[]): string {
    const r = check(SnapshotNameSchema, name, '/snapshotId');
    errors.push(...r.errors);
    return r.data ?? '';
  }

  /** The URL of a VPS path. Its id errors go to `errors` when given (the caller throws once, with every error). */
  #vpsUrl(vpsId: unknown, rest = '', errors?: FieldError[]): string {
    const own = errors ?? [];
    const url = `${this.#baseUrl}/api/v2/vps/${this.#id(vpsId, '/vpsId', own)}${rest}`;
    if (!errors) assertValid(own);
    return url;
  }

  #input<T>(schema: z.ZodType<T>, value: unknown, errors: FieldError[]): T {
    const r = check(schema, value);
    errors.push(...r.errors);
    assertValid(errors);
    return r.data!;
  }

  #confirm(target: string, options: RestoreOptions | undefined, errors: FieldError[]): void {
    if (options?.confirm !== target) {
      errors.push({
        pointer: '/confirm',
        code: 'invalid_value',
        detail: 'A destructive restore needs `confirm` equal to its target; nothing was sent.',
      });
    }
    assertValid(errors);
  }

  /** Sends with a per-request timeout, retrying as `RequestKind` allows. Async so validation errors reject. */
  async #send<T>(call: Call<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);

    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
      let response: Response;
      let text: string;
      try {
        response = await this.#fetch(call.url, {
          method: call.method,
          headers,
          body,
          signal,
          ...(this.#credentials ? { credentials: this.#credentials } : {}),
        });
        text = await response.text();
      } catch (e) {
        if (call.signal?.aborted) throw call.signal.reason;
        const error = timeout.aborted ? new BaselineTimeoutError('timeout', this.#timeoutMs) : new BaselineNetworkError(e);
        // The request may have been processed: only reads are repeated.
        if (call.kind === 'read' && attempt < this.#maxRetries) {
          await sleep(backoff(attempt), call.signal);
          continue;
        }
        throw error;
      }

      if (response.ok) {
        try {
          return call.parse(text, response.status);
        } catch (e) {
          // A cut-off JSON body on a read is a transport fault, worth another try; a schema mismatch is not.
          const truncated = e instanceof BaselineResponseError && e.cause instanceof SyntaxError;
          if (truncated && call.kind === 'read' && attempt < this.#maxRetries) {
            await sleep(backoff(attempt), call.signal);
            continue;
          }
          throw e;
        }
      }

      const error = toApiError(response, text);
      const delay = this.#retryDelay(call.kind, error, attempt);
      if (delay === null) throw error;
      await sleep(delay, call.signal);
    }
  }

  #retryDelay(kind: RequestKind, error: BaselineApiError, attempt: number): number | null {
    if (attempt >= this.#maxRetries || kind === 'restore') return null;
    const retryAfter = error.retryAfterMs;
    if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_MS) return null;
    if (error.status === 429) return retryAfter ?? backoff(attempt);
    if (RETRYABLE_STATUSES.has(error.status) && kind === 'read') return Math.max(retryAfter ?? 0, backoff(attempt));
    return null;
  }
}

function toApiError(response: Response, text: string): BaselineApiError {
  const type = response.headers.get('content-type') ?? '';
  let problem: Problem | null = null;
  if (type.includes('json') || text.startsWith('{')) {
    try {
      const parsed = ProblemSchema.safeParse(JSON.parse(text));
      if (parsed.success) problem = parsed.data;
    } catch {
      // Not JSON after all: keep a snippet.
    }
  }
  const snippet = problem ? null : text.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
  return new BaselineApiError(response.status, problem, snippet, response.headers);
}

function assertValid(errors: FieldError[]): void {
  if (errors.length) throw new BaselineValidationError(errors);
}

function isTransient(e: unknown): boolean {
  if (e instanceof BaselineNetworkError || e instanceof BaselineTimeoutError) return true;
  return e instanceof BaselineApiError && (e.status === 429 || e.status >= 500);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The create body omits absent optionals rather than sending `null` (seeds/002 examples). */
function stripNullish<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) as T;
}
