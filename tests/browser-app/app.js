// Uses the package straight from a <script type="module">: no bundler, same-origin simulator, key from the fragment.
import { HostupClient, HostupApiError, HostupValidationError, validateSnapshotName } from './pkg/index.js';

const out = document.getElementById('out');
const key = new URLSearchParams(location.hash.slice(1)).get('key');
const result = {};
try {
  const client = new HostupClient({ apiKey: key, baseUrl: '' });
  const { data } = await client.listVps();
  result.vpsCount = data.length;
  const op = await client.createSnapshot(data[0].id, { name: 'from-browser' });
  const job = await client.waitForJob(op, { timeoutMs: 10000 });
  result.jobStatus = job.status;
  result.listed = (await client.listSnapshots(data[0].id)).data.some((s) => s.name === 'from-browser');
  try {
    await client.listBackups('vps_missing');
  } catch (e) {
    result.apiError = { isApiError: e instanceof HostupApiError, isError: e instanceof Error, status: e.status, code: e.code };
  }
  try {
    await client.createSnapshot(data[0].id, { name: 'no spaces' });
  } catch (e) {
    result.validation = { isValidationError: e instanceof HostupValidationError, pointer: e.errors[0].pointer };
  }
  result.validateEmpty = validateSnapshotName('fine-name');
} catch (e) {
  result.fatal = String(e && e.message);
}
out.textContent = JSON.stringify(result);
out.dataset.done = 'true';
