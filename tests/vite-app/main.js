// A dashboard's entry, bundled by Vite: imports the package by name.
import { HostupClient, HostupApiError } from 'hostup-backups';

const out = document.getElementById('out');
const key = new URLSearchParams(location.hash.slice(1)).get('key');
const result = {};
try {
  const client = new HostupClient({ apiKey: key, baseUrl: '' });
  const { data } = await client.listVps();
  const list = await client.listBackups(data[0].id);
  result.backups = list.backups.length;
  result.quota = typeof list.quotaInfo.used;
  const op = await client.createBackup(data[0].id, { note: 'from vite' });
  result.job = (await client.waitForJob(op, { timeoutMs: 10000 })).status;
  try {
    await client.getVps('vps_missing');
  } catch (e) {
    result.error = e instanceof HostupApiError ? e.code : String(e);
  }
} catch (e) {
  result.fatal = String(e && e.message);
}
out.textContent = JSON.stringify(result);
out.dataset.done = 'true';
