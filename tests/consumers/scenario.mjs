// What every consumer of the packed tarball does with the package, whatever imported it: list, create + waitForJob,
// and one validation error, against the real simulator. The one source; matrix.test.mjs derives the CommonJS and
// classic-script copies from it. Returns what a user would notice, for the test to compare.
export async function scenario(pkg, { baseUrl, key, tag }) {
  const client = new pkg.HostupClient({ apiKey: key, baseUrl });
  const vps = (await client.listVps()).data;
  const name = `c-${tag}`;
  const op = await client.createSnapshot(vps[0].id, { name });
  const job = await client.waitForJob(op, { timeoutMs: 20000 });
  const listed = (await client.listSnapshots(vps[0].id)).data.some((s) => s.name === name);
  let validation = null;
  try {
    await client.createSnapshot(vps[0].id, { name: 'no spaces allowed' });
  } catch (e) {
    validation = {
      name: e.name,
      code: e.code,
      pointer: e.errors && e.errors[0] && e.errors[0].pointer,
      isValidationError: e instanceof pkg.HostupValidationError,
      isHostupError: e instanceof pkg.HostupError,
    };
  }
  client.free();
  let afterFree = null;
  try {
    await client.listVps();
  } catch (e) {
    afterFree = { name: e.name, code: e.code, isHostupError: e instanceof pkg.HostupError };
  }
  return { vps: vps.length > 0, job: job.status, listed, validation, afterFree };
}

/** What every consumer must see. */
export const EXPECTED = {
  vps: true,
  job: 'completed',
  listed: true,
  validation: { name: 'HostupValidationError', code: 'validation_failed', pointer: '/name', isValidationError: true, isHostupError: true },
  afterFree: { name: 'HostupError', code: 'client_disposed', isHostupError: true },
};

/** In a page served by the simulator: the key comes in the fragment, the result goes into #out. */
export function runInPage(pkg, tag) {
  const out = document.getElementById('out');
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  scenario(pkg, { baseUrl: '', key, tag })
    .then((r) => r, (e) => ({ fatal: `${e && e.name}: ${e && e.message}` }))
    .then((r) => {
      out.textContent = JSON.stringify(r);
      out.dataset.done = 'true';
    });
}

/** In Node: the simulator's address and key come in the environment, the result goes to stdout. */
export function runInNode(pkg, tag) {
  const { HOSTUP_URL: baseUrl, HOSTUP_KEY: key } = process.env;
  return scenario(pkg, { baseUrl, key, tag }).then((r) => console.log(JSON.stringify(r)));
}
