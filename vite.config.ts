import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

/**
 * The browser inspector's build (`npm run build:web`, `npm run web` for development). The app
 * lives in src/inspect/web/app and imports the explorer and the results directly, and this build
 * adds the bundled examples to its exploration worker, so the page can explore in a Web Worker
 * without a server. The build goes to
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
];

/**
 * Folders whose modules run during an exploration (the explorer, the API server, the client, the
 * core, the controllers, the examples, the strategy comparison). A Node built-in imported there would break live
 * exploration in the page, so it fails the build; elsewhere (dump files, the CLI, the terminal
 * inspector, reached through the public API's re-exports) it becomes a stub that throws when used.
 */
const EXPLORATION_PATH = ["src/explore/", "src/compare/", "src/apiserver/", "src/client/", "src/objects/", "src/controllers/", "src/kinds.ts", "bindings/", "examples/"];

/**
 * Handles Node built-ins in the browser bundle: known imports as listed above, unknown ones on the
 * exploration path as a build error naming the importer (otherwise Vite swaps in an empty stub and
 * the page fails later, deep in an exploration), and the rest as stubs that throw when called.
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
      if (EXPLORATION_PATH.some((p) => from.startsWith(p))) {
        this.error(`${from} imports ${id}, which does not exist in a browser, and the browser inspector runs it in live explorations. Use a platform-neutral API there.`);
      }
      return `\0node-only:${name}`;
    },
    async load(id) {
      if (!id.startsWith("\0node-only:")) return null;
      // Every export of the real module, each a function that explains itself when called.
      const name = id.slice("\0node-only:".length);
      const names = Object.keys(await import(name)).filter((n) => n !== "default" && /^[A-Za-z_$][\w$]*$/.test(n));
      // Plain functions, not arrows: a dependency may `class X extends EventEmitter` at load time,
      // which needs a constructor; it still throws as soon as anything is constructed or called.
      const fail = (what: string) => `function () { throw new Error(${JSON.stringify(`${what} is not available in a browser`)}); }`;
      return [...names.map((n) => `export const ${n} = ${fail(`${name} ${n}`)};`), `export default {};`].join("\n");
    },
  };
}

/**
 * Bundles the examples into the exploration worker. kamera's modules never import examples/ (the
 * layer rule); the worker lists what src/scenarioRegistry.ts holds, and this build is the page's
 * entry that decides what that is, as bin/kamera.js is for the command line. The import is
 * appended: imports run in source order, so the worker's own ones (the setImmediate shim first)
 * run before the examples register, and all of them before the worker's body reads the list.
 */
function bundledExamples(): Plugin {
  const worker = fileURLToPath(new URL("./src/inspect/web/app/explorationWorker.ts", import.meta.url));
  const examples = fileURLToPath(new URL("./examples/index.ts", import.meta.url));
  return {
    name: "kamera-bundled-examples",
    transform(code, id) {
      if (id.split("?")[0] !== worker) return null;
      return { code: `${code}\nimport ${JSON.stringify(examples)};\n`, map: null };
    },
  };
}

/**
 * Puts the Wasm core into the built app at build/kamera-core.wasm. bindings/wasmModule.ts finds it
 * at `new URL("../build/kamera-core.wasm", import.meta.url)`, chosen at run time between the
 * release and debug builds, so Vite cannot see it as an asset; from the worker's chunk in
 * assets/, that URL is the app's build/ folder. (In development, Vite serves the repository's
 * build/ folder at the same relative place.)
 */
function wasmCoreAsset(): Plugin {
  const wasm = fileURLToPath(new URL("./build/kamera-core.wasm", import.meta.url));
  return {
    name: "kamera-wasm-core-asset",
    apply: "build",
    generateBundle() {
      let source: Buffer;
      try {
        source = readFileSync(wasm);
      } catch {
        this.error(`the Wasm core is not built (${wasm} is missing): run npm run build:wasm first (npm run build:web does)`);
      }
      this.emitFile({ type: "asset", fileName: "build/kamera-core.wasm", source });
    },
  };
}

export default defineConfig({
  plugins: [noNodeBuiltins(), bundledExamples()],
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
    plugins: () => [noNodeBuiltins(), bundledExamples(), wasmCoreAsset()],
  },
  server: {
    host: "127.0.0.1",
    // The app imports the examples and the Wasm build from outside its root.
    fs: { allow: [fileURLToPath(new URL(".", import.meta.url))] },
  },
  preview: { host: "127.0.0.1" },
});
