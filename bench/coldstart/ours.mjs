// Cold-start child (ours): import the package, construct a client, list VPS. argv[2] = base URL.
import { HostupClient } from 'hostup-backups';

const client = new HostupClient({ apiKey: 'hsk_bench_0123456789abcdef', baseUrl: process.argv[2] });
await client.listVps();
