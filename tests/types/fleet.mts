// The fleet example's calls, type-checked (examples/fleet-snapshot.mjs is plain JS).
import { HostupApiError, HostupClient, type Finding, type FleetAudit, type VpsAudit } from 'hostup-backups';

export async function snapshotFleet(apiKey: string, baseUrl: string, name: string): Promise<number> {
  const client = new HostupClient({ apiKey, baseUrl });
  const { data } = await client.listVps();
  let failed = 0;
  await Promise.all(
    data.map(async (vps) => {
      try {
        const op = await client.createSnapshot(vps.id, { name, description: null });
        await client.waitForJob(op, { timeoutMs: 30 * 60_000 });
      } catch (error) {
        failed += error instanceof HostupApiError && error.code === 'rate_limit_exceeded' ? 0 : 1;
      }
    }),
  );
  return failed;
}

// The morning question, typed: which VPS are not covered? (client.auditBackups, issue #14.)
export async function uncovered(apiKey: string, baseUrl: string, signal: AbortSignal): Promise<string[]> {
  const client = new HostupClient({ apiKey, baseUrl });
  const report: FleetAudit = await client.auditBackups({
    policy: { maxBackupAgeMs: 26 * 3_600_000, warnAtQuota: false },
    concurrency: 8,
    onProgress: ({ done, total }) => console.error(`${done}/${total}`),
    signal,
  });
  const errors: Finding[] = report.findings.filter((f) => f.severity === 'error');
  const ages: (number | null)[] = report.vps.map((row: VpsAudit) => row.lastBackupAgeMs);
  const status: string | null = errors[0]?.evidence.status ?? null;
  // @ts-expect-error: a policy has no `maxAge` (a typo must not compile).
  await client.auditBackups({ policy: { maxAge: 1 } });
  // @ts-expect-error: `concurrency` is a number.
  await client.auditBackups({ concurrency: 'many' });
  void ages;
  void status;
  return errors.map((f) => `${f.vpsId} ${f.code}`);
}
