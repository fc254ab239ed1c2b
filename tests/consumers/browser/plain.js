// A page with no build step: a <script type="module"> importing the package's files as the server serves them.
import * as pkg from './hostup-backups/index.js';
import { runInPage } from './scenario.mjs';

runInPage(pkg, document.documentElement.dataset.tag);
