/** The HostUp backup and snapshot client: crates/wasm/js/driver.js over the wasm core. */
export declare class HostupClient {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `POST /api/v2/vps/{id}/backups` with an optional `{ note }`. Retried only on 429.
     */
    createBackup(vpsId: string, options?: CreateBackupOptions): Promise<Operation>;
    /**
     * `POST /api/v2/vps/{id}/snapshots` with `{ name, description? }`. Retried only on 429.
     */
    createSnapshot(vpsId: string, input: CreateSnapshotInput): Promise<Operation>;
    /**
     * `DELETE /api/v2/vps/{id}/backup-schedules/{scheduleId}`.
     */
    deleteBackupSchedule(vpsId: string, scheduleId: string): Promise<void>;
    /**
     * `DELETE …/backups/{backupId}`: an operation, or `null` when the server answers 204.
     */
    deleteBackup(vpsId: string, backupId: string): Promise<Operation | null>;
    /**
     * `DELETE …/snapshots/{name}`: an operation, or `null` when the server answers 204.
     */
    deleteSnapshot(vpsId: string, name: string): Promise<Operation | null>;
    /**
     * `GET /api/jobs/{jobId}` by job id or poll URL.
     */
    getJob(jobIdOrPollUrl: string): Promise<Job>;
    /**
     * `GET /api/v2/vps/{id}/status`.
     */
    getVpsStatus(vpsId: string): Promise<VpsStatus>;
    /**
     * `GET /api/v2/vps/{id}`.
     */
    getVps(vpsId: string): Promise<Vps>;
    /**
     * `GET /api/v2/vps/{id}/backup-schedules`.
     */
    listBackupSchedules(vpsId: string): Promise<ScheduleList>;
    /**
     * `GET /api/v2/vps/{id}/backups`: `{ backups, quotaInfo, actions }`.
     */
    listBackups(vpsId: string): Promise<BackupList>;
    /**
     * `GET /api/v2/vps/{id}/snapshots`.
     */
    listSnapshots(vpsId: string): Promise<SnapshotList>;
    /**
     * `GET /api/v2/vps`: `{ data: Vps[] }`.
     */
    listVps(): Promise<VpsList>;
    /**
     * `new HostupClient({ apiKey, baseUrl, credentials, maxRetries, timeoutMs })`. Throws `HostupValidationError`
     * listing every bad option.
     */
    constructor(options?: HostupClientOptions);
    /**
     * `POST …/backups/{backupId}/actions/restore`. Destructive: `{ confirm }` must equal `backupId`. Never retried.
     */
    restoreBackup(vpsId: string, backupId: string, options: RestoreOptions): Promise<Operation>;
    /**
     * `POST …/snapshots/{name}/actions/restore`. Destructive: the current disk is replaced. `{ confirm }` must equal
     * `name`, or nothing is sent. Never retried automatically.
     */
    restoreSnapshot(vpsId: string, name: string, options: RestoreOptions): Promise<Operation>;
    /**
     * `POST /api/v2/vps/{id}/backup-schedules` (create or replace). Validated first: every broken field at once.
     */
    setBackupSchedule(vpsId: string, input: BackupScheduleInput): Promise<Schedule>;
    /**
     * `PATCH /api/v2/vps/{id}/backup-schedules` with a partial schedule (inferred shape; see docs/inferred.md).
     */
    updateBackupSchedules(vpsId: string, patch: BackupSchedulePatch): Promise<Schedule>;
    /**
     * Waits for a job: give it the operation a call returned, a job id, or a poll URL (so a restarted script or a
     * reloaded page can resume). Resolves with the final job on `completed`; rejects with `HostupJobFailedError` on
     * `failed`, `HostupTimeoutError` when `timeoutMs` (default 1 h) passes, an `AbortError` when `signal` aborts.
     * `onProgress(job)` is called on every status change.
     */
    waitForJob(target: Operation | OperationEnvelope | string, options?: WaitForJobOptions): Promise<Job>;
    /**
     * Audits every VPS of the account against a backup policy: is everything covered? Reads the VPS list, then each
     * VPS's backups, schedules and snapshots (1 + 3 × VPS requests, paced by the rate limit, `concurrency` VPS at a
     * time). Resolves with `{ checkedAt, policy, vps, findings }`, worst first. A VPS whose lists cannot be read
     * becomes a `vps_unreadable` finding; only a failure to list the VPS, bad options (`HostupValidationError`) or
     * an abort (`AbortError`, with every request stopped) reject.
     */
    auditBackups(options?: AuditBackupsOptions): Promise<FleetAudit>;
}
