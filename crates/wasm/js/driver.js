// The driver: the platform's fetch, timers, AbortSignal and promises, obeying the wasm core's decisions. It holds no
// policy of its own: the request, the pacing, whether and when to retry, when to poll, what an answer means and
// which error it is all come from the core (crates/wasm/src/engine.rs over hostup-core).
import { Audit, Engine } from './glue.js';
import methodNames from './methods.js';
import { HostupError } from './errors.js';
import { read } from './check.js';

const now = () => Date.now();
/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}

const DISPOSED = 'client_disposed';

function disposed() {
  return new HostupError('This HostupClient was freed (free() or [Symbol.dispose]); create a new one.', { code: DISPOSED });
}

function abortError(reason) {
  if (reason !== undefined && reason !== null) return reason;
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

/** The HostUp backup and snapshot client (see index.d.ts). */
export function makeClient(ensure) {
  class HostupClient {
    #engine;
    #inFlight = 0;
    // The engine's settings for fetch, read once (each read would be a crossing a call).
    #timeoutMs;
    #maxBodyBytes;
    #credentials;

    constructor(options) {
      ensure();
      const engine = new Engine(options);
      this.#engine = engine;
      this.#timeoutMs = engine.timeoutMs;
      this.#maxBodyBytes = engine.maxBodyBytes;
      this.#credentials = engine.credentials;
    }

    #live() {
      if (!this.#engine) throw disposed();
      return this.#engine;
    }

    /**
     * Sends the call core built (`built`, engine.rs `render`: its token, endpoint, drift flag, method, URL, headers
     * and body as lines) until the core says stop: `[value, retryAfterMs]`, or throws `[error, -1, transient,
     * retryAfterMs]`.
     */
    async #call(engine, built, signal) {
      const lines = built.split('\n');
      const token = Number(lines[0]);
      const endpoint = lines[1];
      const drifting = lines[2] === '1';
      const headers = [];
      let i = 6;
      for (const end = i + 2 * Number(lines[5]); i < end; i += 2) headers.push([lines[i], lines[i + 1]]);
      const request = [lines[3], lines[4], headers, i < lines.length ? lines.slice(i).join('\n') : undefined];
      let retries = 0;
      const live = () => {
        if (signal && signal.aborted) throw abortError(signal.reason);
      };
      for (;;) {
        live();
        for (let wait = engine.pace(now()); wait >= 0; wait = engine.pace(now())) {
          await sleep(wait, signal);
          live();
        }
        // One exchange through fetch (here, not in a function of its own: an async level costs on every call), with
        // the core's per-request timeout; `signal` (the caller's) aborts it.
        // `+= 1`, not `++`: lowered for ES2020, a private field's `++` allocates a wrapper object.
        this.#inFlight += 1;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
        const onAbort = () => controller.abort();
        if (signal) signal.addEventListener('abort', onAbort, { once: true });
        const init = { method: request[0], headers: request[2], body: request[3], signal: controller.signal };
        if (this.#credentials) init.credentials = 'include';
        let sent;
        try {
          const res = await fetch(request[1], init);
          // Each header's name and value as lines: one string for the engine (fetch's hold no line break); the
          // announced length on the way (one walk of the headers instead of two).
          let headers = '';
          let announced = 0;
          res.headers.forEach((value, name) => {
            headers += `${name}\n${value}\n`;
            if (name === 'content-length') announced = Number(value);
          });
          if (announced > this.#maxBodyBytes) {
            controller.abort();
            sent = { tooLarge: announced, status: res.status };
          } else sent = { status: res.status, headers, bytes: new Uint8Array(await res.arrayBuffer()) };
        } catch (e) {
          if (signal && signal.aborted) throw abortError(signal.reason);
          sent = controller.signal.aborted ? { timeout: true } : { message: String(e) };
        } finally {
          this.#inFlight -= 1;
          clearTimeout(timer);
          if (signal) signal.removeEventListener('abort', onAbort);
        }
        let result;
        const t = now();
        if (sent.bytes) {
          const after = engine.settle(token, retries, t, t, Math.random(), this.#inFlight, sent.status, sent.headers, sent.bytes);
          if (after >= -1) {
            // A success, unread: checked here against core's tables; what they refuse, core words and decides on.
            const drift = drifting ? [] : null;
            const [value, reason] = read(endpoint, sent.bytes, drift);
            if (reason === undefined) {
              if (drift && drift.length) engine.drift(token, drift);
              return [value, after];
            }
            result = engine.refused(token, retries, t, Math.random(), sent.status, sent.bytes, reason);
          } else result = engine.failure();
        } else if (sent.tooLarge !== undefined) result = engine.tooLarge(token, retries, t, Math.random(), sent.status, sent.tooLarge);
        else result = engine.fail(token, retries, t, Math.random(), Boolean(sent.timeout), sent.message || '');
        if (result[1] < 0) throw result;
        retries++;
        await sleep(result[1], signal);
      }
    }

    async #run(index, a, b, c, signal) {
      const engine = this.#live();
      try {
        return (await this.#call(engine, engine.build(index, a, b, c), signal))[0];
      } catch (e) {
        throw Array.isArray(e) ? e[0] : e;
      }
    }

    // One method per endpoint, named by core (listVps, createSnapshot, …; ./methods.js is written at build time from
    // the wasm's `methodNames()`): each builds its request in the core and runs it. Declared in client.d.ts.
    static {
      methodNames.forEach((name, index) => {
        Object.defineProperty(this.prototype, name, {
          value(a, b, c) {
            return this.#run(index, a, b, c);
          },
          writable: true,
          configurable: true,
        });
      });
    }

    async waitForJob(target, options) {
      const engine = this.#live();
      const wait = engine.wait(target, options, now());
      const signal = options && typeof options === 'object' ? options.signal : undefined;
      const progress = options && typeof options === 'object' && typeof options.onProgress === 'function' ? options.onProgress : undefined;
      let stop;
      const stopped = new Promise((resolve) => (stop = resolve));
      const hardStop = setTimeout(() => stop('deadline'), wait.hardStopMs);
      const onAbort = () => stop('abort');
      try {
        if (signal) {
          if (signal.aborted) throw abortError(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
        }
        const polling = this.#poll(engine, wait, progress, stopped);
        const outcome = await Promise.race([polling, stopped.then((why) => ({ why }))]);
        if (outcome.why === 'abort') throw abortError(signal.reason);
        if (outcome.why === 'deadline') throw wait.error(engine, now(), now());
        if (outcome.why === 'error') throw outcome.error;
        return outcome.job;
      } finally {
        clearTimeout(hardStop);
        stop('done');
        if (signal) signal.removeEventListener('abort', onAbort);
        wait.leave(engine);
        wait.free();
      }
    }

    /**
     * The fleet audit: the VPS list, then each VPS's three lists through the client's own methods (paced and retried
     * by the engine), `concurrency` VPS at a time; core decides the findings and the report ([`Audit`]). A list
     * that cannot be read becomes a finding; only the VPS list itself, or an abort, rejects.
     */
    async auditBackups(options) {
      const audit = new Audit(options);
      const signal = options && typeof options === 'object' && options.signal ? options.signal : undefined;
      const progress = options && typeof options === 'object' && typeof options.onProgress === 'function' ? options.onProgress : undefined;
      try {
        const fleet = (await this.#run(methodNames.indexOf('listVps'), undefined, undefined, undefined, signal)).data;
        const total = fleet.length;
        audit.start(now(), total);
        let next = 0;
        let done = 0;
        const read = async (method, vpsId, failures) => {
          try {
            return await this.#run(methodNames.indexOf(method), vpsId, undefined, undefined, signal);
          } catch (e) {
            if (signal && signal.aborted) throw abortError(signal.reason);
            if (e && e.code === DISPOSED) throw e;
            failures.push([method, e]);
            return undefined;
          }
        };
        const worker = async () => {
          while (next < total) {
            const place = next++;
            const vps = fleet[place];
            const failures = [];
            const backups = await read('listBackups', vps.id, failures);
            const schedules = await read('listBackupSchedules', vps.id, failures);
            const snapshots = await read('listSnapshots', vps.id, failures);
            audit.push(place, vps, backups, schedules, snapshots, failures);
            done++;
            if (progress) progress({ done, total });
          }
        };
        // Every worker ends before the promise settles, so an abort leaves nothing running.
        const settled = await Promise.allSettled(Array.from({ length: Math.min(audit.concurrency, total) }, worker));
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed) throw failed.reason;
        return audit.finish();
      } finally {
        audit.free();
      }
    }

    async #poll(engine, wait, progress, stopped) {
      let over = false;
      stopped.then(() => (over = true));
      // The core's decision on each event (0 start, 1 poll due, 2 job polled, 3 transient failure): ms to wait, or
      // -1 completed, -2 failed, -3 deadline; -4 (poll due only): send the poll.
      let decision = wait.next(engine, 0, now());
      for (;;) {
        if (decision === -1) return { job: wait.job() };
        if (decision === -2 || decision === -3) return { why: 'error', error: wait.error(engine, now(), now()) };
        await sleep(decision);
        if (over) return { why: 'over' };
        const skipped = wait.next(engine, 1, now());
        if (skipped !== -4) {
          decision = skipped;
          continue;
        }
        try {
          const [job, retryAfterMs] = await this.#call(engine, wait.pollCall(engine));
          if (over) return { why: 'over' };
          decision = wait.next(engine, 2, now(), job, retryAfterMs, progress);
        } catch (e) {
          if (!Array.isArray(e)) throw e;
          if (!e[2]) return { why: 'error', error: e[0] };
          decision = wait.next(engine, 3, now(), undefined, e[3]);
        }
      }
    }

    free() {
      if (this.#engine) {
        this.#engine.free();
        this.#engine = undefined;
      }
    }
  }
  if (typeof Symbol.dispose === 'symbol') HostupClient.prototype[Symbol.dispose] = HostupClient.prototype.free;
  // The package is shipped minified: the class's name is a literal, not its (renamed) identifier.
  Object.defineProperty(HostupClient, 'name', { value: 'HostupClient' });
  return HostupClient;
}
