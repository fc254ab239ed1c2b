// The fleet example's calls, type-checked (examples/fleet-snapshot.mjs is plain JS).
import { HostupApiError, HostupClient } from 'hostup-backups';

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
