// A browser app's entry, bundled by Vite, webpack, esbuild (ESM and iife) and rollup: imports the package by name.
import * as pkg from 'hostup-backups';
import { runInPage } from './scenario.mjs';

runInPage(pkg, document.documentElement.dataset.tag);
