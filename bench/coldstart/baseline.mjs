// Cold-start child (baseline): import the bundle, construct a client, list VPS. argv[2] = base URL.
import { BaselineClient } from '../baseline/dist/baseline.js';

const client = new BaselineClient({ apiKey: 'hsk_bench_0123456789abcdef', baseUrl: process.argv[2] });
await client.listVps();
