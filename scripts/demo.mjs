// `npm run demo`: sets everything up on a fresh machine, builds the npm package and the demo pages, and serves them
// with the embedded HostUp simulator at http://127.0.0.1:8787 until Ctrl-C.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureNpm, ensureWasmTools } from './setup.mjs';
import { root, run, say, targetDir } from './lib.mjs';

const addr = process.env.HOSTUP_DEMO_ADDR || '127.0.0.1:8787';
ensureNpm();
ensureWasmTools();
say('building the simulator');
run('cargo', ['build', '--release', '-p', 'hostup-sim']);
say('building the npm package');
const { buildPkg } = await import('./build-pkg.mjs');
buildPkg();
say('building the demo pages');
const { buildDemo } = await import('./build-demo.mjs');
await buildDemo();

const sim = spawn(join(targetDir, 'release', 'hostup-sim'), ['--addr', addr, '--static', join(root, 'web', 'dist'), '--job-ms', '3000', '--fleet', 'varied'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let url = null;
createInterface({ input: sim.stdout }).on('line', (line) => {
  const listening = line.match(/^listening on (\S+)/);
  if (listening) url = listening[1];
  const key = line.match(/^key: (\S+)/);
  if (key && url) {
    say(`demo running — open these in a browser (Ctrl-C stops it):`);
    console.log(`\n  Leptos widget:   ${url}/#key=${key[1]}`);
    console.log(`  plain JS page:   ${url}/js/#key=${key[1]}`);
    console.log(`  demo API key:    ${key[1]}  (simulated account; the key stays in the URL fragment and in memory)\n`);
  }
});
sim.on('exit', (code) => {
  if (code) say(`the simulator stopped (exit ${code}); is ${addr} already in use? Set HOSTUP_DEMO_ADDR=127.0.0.1:PORT.`);
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => sim.kill('SIGTERM'));
