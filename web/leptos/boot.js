// Loads the Leptos demo app (wasm-bindgen's ES module); the app mounts itself into <body>.
import init from './demo.js';

init().catch((e) => {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = `The demo could not start: ${e}`;
  document.body.append(p);
});
