import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

/**
 * The browser inspector's build (`npm run build:web`, `npm run web` for development). The app
 * lives in src/inspect/web/app and imports the explorer, the results and the bundled examples
 * directly, so the page can explore in a Web Worker without a server. The build goes to
 * build/web, which `kamera serve` serves. Tests use vitest.config.ts, not this file.
 */
const root = fileURLToPath(new URL("./src/inspect/web/app", import.meta.url));
const outDir = fileURLToPath(new URL("./build/web", import.meta.url));

const repoRoot = fileURLToPath(new URL("./", import.meta.url));

/**
 * Node built-ins on the page's path that are known and handled, by importing module: either the
 * import only runs under Node, or a browser module of the same surface stands in for it.
 */
const NODE_IMPORTS_HANDLED: { id: string; importer: string; use: string }[] = [
  // Read only when the Wasm core's URL is a file: URL; in the page the core is fetched.
  { id: "node:fs/promises", importer: "bindings/wasmModule.ts", use: "\0node-only:node:fs/promises" },
  // Compares objects around a write; a browser version of the one function it uses.
  { id: "node:util", importer: "src/apiserver/writeTransaction.ts", use: fileURLToPath(new URL("./src/inspect/web/app/browserDeepStrictEqual.ts", import.meta.url)) },
];

/**
 * Fails the build when a module on the page's path imports a Node built-in that is not handled
 * above, naming the importer: otherwise Vite swaps in an empty stub and the page fails later, at
 * run time, somewhere deep in an exploration.
 */
function noNodeBuiltins(): Plugin {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  return {
    name: "kamera-no-node-builtins",
    enforce: "pre",
    resolveId(id, importer) {
      if (!builtins.has(id)) return null;
      const name = id.startsWith("node:") ? id : `node:${id}`;
      const from = importer?.startsWith(repoRoot) ? importer.slice(repoRoot.length) : (importer ?? "?");
      const handled = NODE_IMPORTS_HANDLED.find((h) => h.id === name && h.importer === from);
      if (handled) return handled.use;
      this.error(`${from} imports ${id}, which does not exist in a browser, and the browser inspector bundles it (live exploration). Use a platform-neutral API there.`);
    },
    load(id) {
      // Present but unusable: reaching it in a browser is a bug that deserves a clear message.
      if (id.startsWith("\0node-only:")) return `export const readFile = () => { throw new Error("${id.slice(11)} is not available in a browser"); };`;
      return null;
    },
  };
}

export default defineConfig({
  plugins: [noNodeBuiltins()],
  root,
  // Relative asset URLs: the built app works from any path and from `kamera serve`.
  base: "./",
  // Keep vite's cache out of node_modules/.vite of the app folder's parents.
  cacheDir: fileURLToPath(new URL("./node_modules/.vite-web", import.meta.url)),
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    // The explorer bundle is large by nature (it is the whole explorer); the warning adds nothing.
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  worker: {
    // Module workers: the exploration worker imports the explorer and the Wasm core as ES modules.
    format: "es",
    plugins: () => [noNodeBuiltins()],
  },
  server: {
    host: "127.0.0.1",
    // The app imports the examples and the Wasm build from outside its root.
    fs: { allow: [fileURLToPath(new URL(".", import.meta.url))] },
  },
  preview: { host: "127.0.0.1" },
});
