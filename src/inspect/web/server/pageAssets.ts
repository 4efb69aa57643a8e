import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";

/** One file the page loads, held in memory with its content type. */
export interface PageAsset {
  type: string;
  body: Buffer;
}

/** Content types of what a built page can load; anything else is never served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** Files whose text can name further files (scripts import chunks, stylesheets name images). */
const LINKING = new Set([".html", ".js", ".mjs", ".css"]);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * The files of a built page that the page itself can load, read into memory once, keyed by URL
 * path (`/assets/index-1a2b.js`). Starting from `index.html`, a file is included when a page
 * file already included names it (bundlers write hashed, unique file names, so a name in the
 * text is a reference to it) and its type is one a page loads. A build folder also holds what
 * the page never loads — TypeScript sources copied as assets, a dependency's package.json, the
 * bundler's own tool chunks pulled in by code paths that only run under Node — and none of that
 * is served. Holding the files in memory also means a file swapped on disk after start is never
 * served.
 *
 * @example
 * ```ts
 * const assets = await pageAssets("build/web");
 * assets.get("/index.html");   // { type: "text/html; charset=utf-8", body: <Buffer …> }
 * ```
 */
export async function pageAssets(appDir: string): Promise<Map<string, PageAsset>> {
  const candidates = new Map<string, string>();
  for (const file of await filesUnder(appDir)) {
    if (CONTENT_TYPES[extname(file)] === undefined) continue;
    candidates.set(file, `/${relative(appDir, file).split(sep).join("/")}`);
  }
  const assets = new Map<string, PageAsset>();
  const queue = [join(appDir, "index.html")];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const url = candidates.get(file);
    if (url === undefined || assets.has(url)) continue;
    const body = await readFile(file);
    assets.set(url, { type: CONTENT_TYPES[extname(file)]!, body });
    if (!LINKING.has(extname(file))) continue;
    const text = body.toString("utf8");
    for (const [other, otherUrl] of candidates) {
      const name = otherUrl.slice(otherUrl.lastIndexOf("/") + 1);
      if (!assets.has(otherUrl) && text.includes(name)) queue.push(other);
    }
  }
  return assets;
}
