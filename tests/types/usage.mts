// Type-checked with `tsc --strict --noEmit` against the published declarations: every method, input and output.
// The @ts-expect-error lines prove the types are strict (a wrong call must not compile).
import {
  HostupApiError,
  HostupClient,
  HostupJobFailedError,
  HostupTimeoutError,
  HostupValidationError,
  validateBackupSchedule,
  validateSnapshotName,
  type BackupList,
  type FieldError,
  type Job,
  type Operation,
  type Schedule,
  type SnapshotList,
  type VpsList,
} from 'hostup-backups';

export async function everyMethod(apiKey: string): Promise<void> {
  const client = new HostupClient({ apiKey, baseUrl: 'https://cloud.hostup.se', maxRetries: 2, timeoutMs: 10_000 });
  const cookieClient = new HostupClient({ baseUrl: '', credentials: 'include' });
  const vps: VpsList = await cookieClient.listVps();
  const first = vps.data[0];
  if (!first) return;
  const id: string = first.id;
  const name: string | null | undefined = first.name;
  const details = await client.getVps(id);
  const status = await client.getVpsStatus(id);
  const backups: BackupList = await client.listBackups(id);
  const used: number = backups.quotaInfo.used;
  const limit: number | null | undefined = backups.quotaInfo.limit;
  const allowed: boolean = backups.actions.canCreateBackup.allowed;
  const reason: string | null | undefined = backups.actions.canCreateBackup.reason;
  const size: number | undefined = backups.backups[0]?.sizeGb;
  const op: Operation = await client.createBackup(id, { note: 'Before upgrade' });
  const op2: Operation = await client.createBackup(id);
  const restoredBackup: Operation = await client.restoreBackup(id, 'bkp_1', { confirm: 'bkp_1' });
  const deletedBackup: Operation | null = await client.deleteBackup(id, 'bkp_1');
  const snaps: SnapshotList = await client.listSnapshots(id);
  const slots: number | null | undefined = snaps.limits.totalSnapshots;
  const snapOp = await client.createSnapshot(id, { name: 'before-upgrade', description: 'Before package upgrade' });
  await client.createSnapshot(id, { name: 'no-description' });
  const restored: Operation = await client.restoreSnapshot(id, 'before-upgrade', { confirm: 'before-upgrade' });
  const deleted: Operation | null = await client.deleteSnapshot(id, 'before-upgrade');
  const schedules = await client.listBackupSchedules(id);
  const saved: Schedule = await client.setBackupSchedule(id, { frequency: 'weekly', hour: 2, dayOfWeek: 1, retentionCount: 3, enabled: true, name: 'Nightly' });
  const next: string | null | undefined = saved.nextRun;
  const patched: Schedule = await client.updateBackupSchedules(id, { id: saved.id, retentionCount: 5, dayOfWeek: null, frequency: 'daily' });
  await client.deleteBackupSchedule(id, saved.id);
  const job: Job = await client.getJob(snapOp.pollUrl);
  const done: Job = await client.waitForJob(snapOp, {
    signal: AbortSignal.timeout(60_000),
    timeoutMs: 30_000,
    onProgress: (j: Job) => console.log(j.status),
  });
  await client.waitForJob(op.jobId);
  await client.waitForJob({ operation: op2 });
  const problems: FieldError[] = validateSnapshotName('x') ;
  const more: FieldError[] = validateBackupSchedule({ frequency: 'daily', hour: 2, retentionCount: 1, enabled: true });
  const pointer: string | undefined = more[0]?.pointer;
  console.log(details, status, name, used, limit, allowed, reason, size, restoredBackup, deletedBackup, slots, restored, deleted, schedules, next, patched, job, done, problems, pointer);

  // @ts-expect-error: a schedule needs `enabled`, and `hour` is a number.
  await client.setBackupSchedule(id, { frequency: 'daily', hour: '2', retentionCount: 1 });
  // @ts-expect-error: `frequency` is one of three words.
  validateBackupSchedule({ frequency: 'hourly', hour: 2, retentionCount: 1, enabled: true });
  // @ts-expect-error: a restore needs its confirmation.
  await client.restoreSnapshot(id, 'before-upgrade');
  // @ts-expect-error: a snapshot needs a name.
  await client.createSnapshot(id, { description: 'x' });
  // @ts-expect-error: ids are strings.
  await client.listBackups(42);
}

export function handle(error: unknown): string {
  if (error instanceof HostupValidationError) return error.errors.map((e: FieldError) => `${e.pointer}: ${e.detail}`).join('\n');
  if (error instanceof HostupApiError) return `${error.status} ${error.code} ${error.requestId ?? ''} ${error.retryAfterMs ?? ''}`;
  if (error instanceof HostupJobFailedError) return `${error.jobId} ${error.title ?? ''} ${error.job.status}`;
  if (error instanceof HostupTimeoutError) return `${error.code} ${error.jobId ?? ''}`;
  return String(error);
}
