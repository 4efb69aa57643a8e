import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/*
 * What a worker thread of kamera's runs. From the compiled package every module is JavaScript and
 * a thread imports it directly. From the TypeScript sources (a clone, `npm start`, the tests) a
 * thread would need tsx's loader, registered again in each thread (loaders registered in the
 * parent do not reach worker threads): that thread then resolves and compiles every module
 * through the loader's hooks, about a CPU-second per thread before it runs any of kamera's code.
 * Instead the entry and the modules the thread imports by URL are compiled once into JavaScript
 * (esbuild, the compiler tsx itself runs) under build/threads/, reused while their sources are
 * unchanged (checked by content hash), and the thread imports that.
 */

/** How a worker thread is started on one of kamera's modules. */
export interface ThreadModule {
  /** What to pass to `new Worker(url)`: a module that prepares the thread and imports the entry. */
  url: URL;
  /** Whether the entry was compiled (false: the package's JavaScript, or tsx in the thread). */
  compiled: boolean;
  /** The URL the thread imports for a module given to `threadModule` (its compiled copy, or itself). */
  moduleUrl(url: string): string;
  /** A compiled copy's sources (relative to the repository's root, the tsconfig included) with the content hash each was compiled from. */
  inputs?: Readonly<Record<string, string>>;
}

/**
 * This file's place, src/parallel/ of the sources (or of dist/ in the package), and the
 * repository's root and cache above it. Computed when first needed, never at import: the browser
 * inspector's bundle reaches this module through the public API's re-exports, and there
 * `import.meta.url` is no file URL (Node's path functions are stubs that throw).
 */
let places: { here: string; root: string; cache: string } | undefined;
function place(): { here: string; root: string; cache: string } {
  if (places === undefined) {
    const here = fileURLToPath(import.meta.url);
    const root = join(dirname(here), "..", "..");
    places = { here, root, cache: join(root, "build", "threads") };
  }
  return places;
}
/** Changed whenever the build's options change what a copy holds, so that no older copy is reused. */
const COPY_FORMAT = "2";
/** Compiled copies unused for this long are deleted when a newer one is written. */
const STALE_MS = 24 * 3600 * 1000;

const TYPESCRIPT = /\.(c|m)?tsx?$/;

/**
 * The module a worker thread runs to execute `entry`, which will import `imports` (file URLs of
 * scenario modules) by URL. `entry` itself when it is JavaScript. For TypeScript sources, a
 * compiled copy of `entry` and `imports` (one build, shared chunks, so the thread sees one
 * instance of each of kamera's modules), built once and cached by content; when an import lies
 * outside kamera's sources (a user's scenario, compiled against its own packages) or esbuild
 * cannot compile it, a module that registers tsx in the thread as before (it then reports
 * whatever is wrong with the module, as an in-process run would).
 *
 * @example
 * ```ts
 * const mod = await threadModule(new URL("./exploreWorkerThread.ts", import.meta.url), [scenarioUrl]);
 * new Worker(mod.url, { workerData: { scenario: mod.moduleUrl(scenarioUrl) } });
 * ```
 */
export async function threadModule(entry: URL, imports: readonly string[]): Promise<ThreadModule> {
  const identity = (url: string) => url;
  if (!TYPESCRIPT.test(entry.pathname)) return { url: entry, compiled: false, moduleUrl: identity };
  const files = [fileURLToPath(entry), ...imports.map((u) => (u.startsWith("file:") ? fileURLToPath(u) : u))];
  if (files.every(isOwnSource)) {
    const copy = await compiledCopy(files).catch((e: unknown) => {
      // A module esbuild cannot compile is loaded through tsx instead, which reports what is wrong
      // with it as an in-process run would; anything else (build/ not writable) is worth a warning.
      if (!(e instanceof Error && "errors" in e)) process.emitWarning(`kamera: no compiled copy of its TypeScript sources could be made, so they load through tsx (slower to start): ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    if (copy !== undefined) {
      const { outputs, inputs } = copy;
      const urls = new Map(files.map((f) => [pathToFileURL(f).href, pathToFileURL(outputs.get(f)!).href]));
      // Stack traces name the sources, not the copy (error locations point at the user's line).
      const code = `process.setSourceMapsEnabled(true); await import(${JSON.stringify(pathToFileURL(outputs.get(files[0]!)!).href)});`;
      return { url: dataModule(code), compiled: true, moduleUrl: (url) => urls.get(url.startsWith("file:") ? url : pathToFileURL(url).href) ?? url, inputs };
    }
  }
  return { url: tsxModule(entry), compiled: false, moduleUrl: identity };
}

function dataModule(code: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** A module of kamera's sources (not a dependency's, not a user's module elsewhere). */
function isOwnSource(file: string): boolean {
  const rel = relative(place().root, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) && !rel.split(sep).includes("node_modules") && /\.(c|m)?(t|j)sx?$/.test(file);
}

/** tsx's loader registered in the thread (with the project's tsconfig, which the JSX needs), then the entry. */
function tsxModule(entry: URL): URL {
  // require.resolve answers with the package's CommonJS build; the ES module build sits beside it (tsx's "exports").
  const api = pathToFileURL(createRequire(place().here).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const tsconfig = join(place().root, "tsconfig.json");
  const options = existsSync(tsconfig) ? JSON.stringify({ tsconfig }) : "{}";
  return dataModule(`const { register } = await import(${JSON.stringify(api)}); register(${options}); await import(${JSON.stringify(entry.href)});`);
}

/** What build/threads/<key>.json records of the last compiled copy of a set of entry points. */
interface Manifest {
  /** Directory under build/threads/ holding the copy. */
  dir: string;
  /** Content hash of every input (relative to the root), the tsconfig included. */
  inputs: Record<string, string>;
  /** Entry point (relative to the root) → its output (relative to the copy's directory). */
  outputs: Record<string, string>;
}

/** The compiled copy of `files` (absolute paths): each file → its output's absolute path, and the manifest's inputs. */
async function compiledCopy(files: readonly string[]): Promise<{ outputs: Map<string, string>; inputs: Record<string, string> }> {
  const compiler = (JSON.parse(readFileSync(esbuildRequire().resolve("esbuild/package.json"), "utf8")) as { version: string }).version;
  // The root is part of the key: a copy holds its sources' absolute URLs (see ownUrls), so a build/
  // directory copied from another checkout must not hand this one the other's copy.
  const key = sha([COPY_FORMAT, compiler, place().root, ...files.map((f) => relative(place().root, f))].join("\n")).slice(0, 16);
  const manifestFile = join(place().cache, `${key}.json`);
  const known = await reusable(manifestFile);
  if (known) return { outputs: outputsOf(known, files), inputs: known.inputs };

  const esbuild = await loadEsbuild();
  // Built as if into build/threads/_: every copy sits at the same depth, so the source maps' relative paths hold for any.
  const outdir = join(place().cache, "_");
  const result = await esbuild.build({
    absWorkingDir: place().root,
    entryPoints: files.map((f) => relative(place().root, f)),
    outbase: ".",
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    // Class and function names are read at run time (error names, messages naming a reconciler's class).
    keepNames: true,
    // What tells the copy's modules that no TypeScript loader came with them (scenarioModule.ts).
    define: { KAMERA_COMPILED_COPY: "true" },
    sourcemap: "linked",
    sourcesContent: false,
    tsconfig: join(place().root, "tsconfig.json"),
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [ownUrls],
  });
  const inputs: Record<string, string> = {};
  for (const input of [...Object.keys(result.metafile.inputs), "tsconfig.json"]) inputs[input] = sha(await readFile(join(place().root, input)));
  const outputs: Record<string, string> = {};
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint !== undefined) outputs[meta.entryPoint] = relative(outdir, join(place().root, out));
  }
  const dir = `${key}-${sha(JSON.stringify(inputs)).slice(0, 16)}`;
  const target = join(place().cache, dir);
  if (!existsSync(target)) {
    // Written aside and renamed: another process may be compiling the same copy at the same time.
    const scratch = `${target}.${process.pid}.tmp`;
    for (const file of result.outputFiles) {
      const path = join(scratch, relative(outdir, file.path));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.contents);
    }
    try {
      renameSync(scratch, target);
    } catch (e) {
      rmSync(scratch, { recursive: true, force: true });
      if (!existsSync(target)) throw e;
    }
  }
  const manifest: Manifest = { dir, inputs, outputs };
  writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify(manifest));
  renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
  pruneStale(key, dir);
  return { outputs: outputsOf(manifest, files), inputs };
}

/** The manifest's copy when it exists and every input still has the content it was compiled from. */
async function reusable(manifestFile: string): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if (!existsSync(join(place().cache, manifest.dir))) return undefined;
  const same = await Promise.all(
    Object.entries(manifest.inputs).map(async ([input, hash]) => {
      const text = await readFile(join(place().root, input)).catch(() => undefined);
      return text !== undefined && sha(text) === hash;
    }),
  );
  return same.every(Boolean) ? manifest : undefined;
}

function outputsOf(manifest: Manifest, files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const output = manifest.outputs[relative(place().root, f).split(sep).join("/")];
    if (output === undefined) throw new Error(`no compiled output for ${f}`);
    out.set(f, join(place().cache, manifest.dir, output));
  }
  return out;
}

/** Deletes other copies of the same entry points that nothing has written for a day (a run may still be reading a recent one). */
function pruneStale(key: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(place().cache)) {
    if (!name.startsWith(`${key}-`) || name === keep) continue;
    const path = join(place().cache, name);
    if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

function sha(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Each source module keeps its own `import.meta.url` in the compiled copy: kamera finds files
 * relative to its modules (the WebAssembly core under build/, a worker's entry, its own sources
 * in stack traces), and those are where the sources are, not where the copy is.
 */
// Spelled in two parts so that this file's own compiled copy keeps it.
const IMPORT_META_URL = "import.meta" + ".url";
const ownUrls = {
  name: "kamera-own-urls",
  setup(build: { onLoad(o: { filter: RegExp }, f: (a: { path: string }) => Promise<{ contents: string; loader: "ts" | "tsx" | "js" }>): void }) {
    build.onLoad({ filter: /\.(c|m)?(t|j)sx?$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      const ext = extname(path);
      return { contents: text.replaceAll(IMPORT_META_URL, JSON.stringify(pathToFileURL(path).href)), loader: ext.endsWith("tsx") ? "tsx" : ext.includes("t") ? "ts" : "js" };
    });
  },
};

function esbuildRequire(): NodeRequire {
  return createRequire(createRequire(place().here).resolve("tsx/package.json"));
}

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    metafile: { inputs: Record<string, unknown>; outputs: Record<string, { entryPoint?: string }> };
    outputFiles: { path: string; contents: Uint8Array }[];
  }>;
}

/**
 * esbuild as tsx has it: tsx (a dependency of kamera's) compiles TypeScript with it, so resolving
 * it from tsx finds it whatever the install's layout, and no second compiler is installed.
 */
async function loadEsbuild(): Promise<Esbuild> {
  const mod = (await import(pathToFileURL(esbuildRequire().resolve("esbuild")).href)) as Esbuild & { default?: Esbuild };
  return mod.default ?? mod;
}
