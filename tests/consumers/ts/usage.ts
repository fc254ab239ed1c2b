// What a TypeScript user writes; type-checked under node16 (ESM and CJS), nodenext and bundler resolution.
import { HostupClient, HostupError, HostupValidationError, init, validateSnapshotName } from 'hostup-backups';
import type { FieldError, Job, Vps } from 'hostup-backups';

export async function use(): Promise<string> {
  await init();
  const anonymous = new HostupClient();
  anonymous.free();
  const client = new HostupClient({ apiKey: 'key', baseUrl: 'http://127.0.0.1:1' });
  const vps: Vps | undefined = (await client.listVps()).data[0];
  const hostname: string | null | undefined = vps?.hostname;
  const extra: Record<string, unknown> | undefined = vps?.extra;
  // @ts-expect-error: a typo of a known field does not compile (unknown members are under `extra`)
  void vps?.hostnmae;
  const problems: FieldError[] = validateSnapshotName('fine-name');
  // @ts-expect-error: ids are strings
  void client.listBackups(1);
  try {
    const job: Job = await client.waitForJob('job_1', { timeoutMs: 1000 });
    return job.status;
  } catch (e) {
    if (e instanceof HostupValidationError) return e.errors.map((f) => f.pointer).join();
    if (e instanceof HostupError) return e.code;
  } finally {
    client[Symbol.dispose]();
  }
  return `${hostname} ${problems.length} ${Object.keys(extra ?? {}).length}`;
}
