// Node, ES module: `import` by name.
import * as pkg from 'hostup-backups';
import { runInNode } from './scenario.mjs';

await runInNode(pkg, process.env.TAG || 'node-esm');
