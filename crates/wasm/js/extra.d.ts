/** What `init` accepts as the wasm: a URL to fetch, a `Response`, the bytes, or a compiled module. */
export type WasmSource = string | URL | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module;

/**
 * Optional. The package instantiates its embedded wasm by itself, synchronously, on first use. Call `init()` to do
 * it earlier (compiled off the main thread), or `init({ wasm })` to use a wasm you host yourself.
 */
export declare function init(options?: { wasm?: WasmSource }): Promise<void>;

declare global {
  interface SymbolConstructor {
    /** `HostupClient[Symbol.dispose]()` (TypeScript 5.2 `using`): frees the client, like `free()`. */
    readonly dispose: unique symbol;
  }
}
