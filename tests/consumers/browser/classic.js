// A page with no build step and no modules: <script src=".../umd/index.js"> defines the global HostupBackups.
/* global HostupBackups, runInPage */
runInPage(HostupBackups, document.documentElement.dataset.tag);
