// The plain-JS demo: the npm package from a <script type="module">, against the same-origin simulator.
// The key comes from the URL fragment (#key=…, never sent to any server) and is kept in memory only.
import { HostupClient, HostupApiError, validateSnapshotName } from '../pkg/index.js';

const key = new URLSearchParams(location.hash.slice(1)).get('key') || undefined;
const client = new HostupClient({ apiKey: key, baseUrl: '' });
const $ = (id) => document.getElementById(id);

// Dates for people, in the viewer's zone; the exact UTC time is on hover.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function time(iso) {
  const t = document.createElement('time');
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) {
    t.textContent = iso ?? 'date unknown';
    return t;
  }
  t.dateTime = iso;
  t.title = d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  t.textContent = dateFormat.format(d);
  return t;
}

/** A list item from text and <time> parts; user text (notes, names) is always text, never HTML. */
function item(...parts) {
  const li = document.createElement('li');
  li.append(...parts);
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
  const newest = (a, b) => Date.parse(b.createdAt ?? 0) - Date.parse(a.createdAt ?? 0);
  $('backups').replaceChildren(
    ...[...backups.backups].sort(newest).map((b) => item(time(b.createdAt), ` · ${b.sizeGb} GB · ${b.backupType}${b.note ? ` · ${b.note}` : ''}`)),
  );
  $('snapshots').replaceChildren(
    ...[...snapshots.data].sort(newest).map((s) => item(`${s.name} · created `, time(s.createdAt), ' · expires ', s.expiresAt ? time(s.expiresAt) : '~24 h after')),
  );
}

// The name is checked as it is typed; the message is tied to the field (aria-describedby) and is not a live
// region, so a screen reader reads it with the field instead of after every keystroke.
function showNameProblem(problems) {
  const detail = problems[0]?.detail ?? '';
  $('snap-error').textContent = detail;
  if (detail) $('snap-name').setAttribute('aria-invalid', 'true');
  else $('snap-name').removeAttribute('aria-invalid');
}

$('snap-name').addEventListener('input', () => showNameProblem($('snap-name').value ? validateSnapshotName($('snap-name').value) : []));

$('snap-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('snap-name').value;
  const problems = validateSnapshotName(name);
  if (problems.length) {
    showNameProblem(problems);
    $('snap-name').focus();
    return;
  }
  const button = event.submitter;
  button.disabled = true;
  const line = item(`snapshot ${name}: sending…`);
  $('jobs').prepend(line);
  try {
    const op = await client.createSnapshot($('vps').value, { name });
    let last = '';
    const job = await client.waitForJob(op, {
      onProgress: (j) => {
        // Only a change of status is written (and so announced), not every poll.
        if (j.status !== last) line.textContent = `snapshot ${name}: ${(last = j.status)}`;
      },
    });
    line.textContent = `snapshot ${name}: ${job.status}`;
    $('snap-name').value = '';
    await refresh();
  } catch (error) {
    line.textContent = `snapshot ${name}: ${explain(error)}`;
  } finally {
    button.disabled = false;
  }
});

try {
  const { data } = await client.listVps();
  $('vps').replaceChildren(...data.map((v) => Object.assign(document.createElement('option'), { value: v.id, textContent: v.name ? `${v.name} (${v.id})` : v.id })));
  $('vps').addEventListener('change', refresh);
  await refresh();
} catch (error) {
  $('jobs').prepend(item(explain(error)));
}
