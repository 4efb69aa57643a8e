import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The browser inspector's build (`npm run build:web`, `npm run web` for development). The app
 * lives in src/inspect/web/app and imports the explorer, the results and the bundled examples
 * directly, so the page can explore in a Web Worker without a server. The build goes to
 * build/web, which `kamera serve` serves. Tests use vitest.config.ts, not this file.
 */
const root = fileURLToPath(new URL("./src/inspect/web/app", import.meta.url));
const outDir = fileURLToPath(new URL("./build/web", import.meta.url));

export default defineConfig({
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
  },
  server: {
    host: "127.0.0.1",
    // The app imports the examples and the Wasm build from outside its root.
    fs: { allow: [fileURLToPath(new URL(".", import.meta.url))] },
  },
  preview: { host: "127.0.0.1" },
});
