// The plain-JS demo: the npm package from a <script type="module">, against the same-origin simulator.
// The key comes from the URL fragment (#key=…, never sent to any server) and is kept in memory only.
import { HostupClient, HostupApiError, validateSnapshotName } from '../pkg/index.js';

const key = new URLSearchParams(location.hash.slice(1)).get('key') || undefined;
const client = new HostupClient({ apiKey: key, baseUrl: '' });
const $ = (id) => document.getElementById(id);

function item(text) {
  const li = document.createElement('li');
  li.textContent = text; // user text (notes, names) is always text, never HTML
  return li;
}

function explain(error) {
  return error instanceof HostupApiError ? `${error.title ?? error.code}: ${error.detail ?? ''} (request ${error.requestId ?? 'n/a'})` : error.message;
}

async function refresh() {
  const vpsId = $('vps').value;
  const [backups, snapshots] = await Promise.all([client.listBackups(vpsId), client.listSnapshots(vpsId)]);
  const q = backups.quotaInfo;
  $('quota').textContent = `Quota: ${q.used} used of ${q.limit ?? '∞'} (${q.remaining ?? '∞'} left)`;
  $('backups').replaceChildren(...backups.backups.map((b) => item(`${b.createdAt ?? '—'} · ${b.sizeGb} GB · ${b.backupType}${b.note ? ` · ${b.note}` : ''}`)));
  $('snapshots').replaceChildren(...snapshots.data.map((s) => item(`${s.name} · created ${s.createdAt ?? '—'} · expires ${s.expiresAt ?? '~24 h'}`)));
}

$('snap-name').addEventListener('input', () => {
  const problems = validateSnapshotName($('snap-name').value);
  $('snap-error').textContent = problems[0]?.detail ?? '';
});

$('snap-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('snap-name').value;
  const problems = validateSnapshotName(name);
  if (problems.length) {
    $('snap-error').textContent = problems[0].detail;
    return;
  }
  const button = event.submitter;
  button.disabled = true;
  const line = item(`snapshot ${name}: sending…`);
  $('jobs').prepend(line);
  try {
    const op = await client.createSnapshot($('vps').value, { name });
    const job = await client.waitForJob(op, {
      timeoutMs: 10 * 60_000,
      onProgress: (j) => (line.textContent = `snapshot ${name}: ${j.status}`),
    });
    line.textContent = `snapshot ${name}: ${job.status}`;
    await refresh();
  } catch (error) {
    line.textContent = `snapshot ${name}: ${explain(error)}`;
  } finally {
    button.disabled = false;
  }
});

try {
  const { data } = await client.listVps();
  $('vps').replaceChildren(...data.map((v) => Object.assign(document.createElement('option'), { value: v.id, textContent: v.name ?? v.id })));
  $('vps').addEventListener('change', refresh);
  await refresh();
} catch (error) {
  $('jobs').prepend(item(explain(error)));
}
