// The widget benchmark's baseline page: the first screen of web/js/main.js (list VPS, then backups and snapshots of
// the first, rendered as plain <li>), with the baseline bundle (fetch + zod) instead of the npm package.
import { BaselineClient } from './baseline.js';

const key = new URLSearchParams(location.hash.slice(1)).get('key') || undefined;
const client = new BaselineClient({ apiKey: key, baseUrl: '' });
const $ = (id) => document.getElementById(id);

function item(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

async function refresh() {
  const vpsId = $('vps').value;
  const [backups, snapshots] = await Promise.all([client.listBackups(vpsId), client.listSnapshots(vpsId)]);
  const q = backups.quotaInfo;
  $('quota').textContent = `Quota: ${q.used} used of ${q.limit ?? '∞'} (${q.remaining ?? '∞'} left)`;
  $('backups').replaceChildren(...backups.backups.map((b) => item(`${b.createdAt ?? '—'} · ${b.sizeGb} GB · ${b.backupType}${b.note ? ` · ${b.note}` : ''}`)));
  $('snapshots').replaceChildren(...snapshots.data.map((s) => item(`${s.name} · created ${s.createdAt ?? '—'} · expires ${s.expiresAt ?? '~24 h'}`)));
}

try {
  const { data } = await client.listVps();
  $('vps').replaceChildren(...data.map((v) => Object.assign(document.createElement('option'), { value: v.id, textContent: v.name ?? v.id })));
  await refresh();
} catch (error) {
  $('jobs').prepend(item(error.message));
}
