// Cold-start child (floor): Node and a bare fetch, no client at all. argv[2] = base URL.
await (await fetch(`${process.argv[2]}/api/v2/vps`, { headers: { Authorization: 'Bearer hsk_bench_0123456789abcdef' } })).text();
