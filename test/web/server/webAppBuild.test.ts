import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isWebAppStale } from "../../../src/inspect/web/server/webAppBuild.ts";

let root: string;
const app = () => join(root, "build", "web");
const at = (path: string, seconds: number) => utimes(path, seconds, seconds);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "kamera-stale-"));
  await mkdir(join(root, "src", "deep"), { recursive: true });
  await mkdir(app(), { recursive: true });
  await writeFile(join(root, "src", "deep", "a.ts"), "");
  await writeFile(join(root, "vite.config.ts"), "");
  await at(join(root, "src", "deep", "a.ts"), 1000);
  await at(join(root, "src", "deep"), 1000);
  await at(join(root, "src"), 1000);
  await at(join(root, "vite.config.ts"), 1000);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("isWebAppStale", () => {
  it("says a missing build is stale", async () => {
    expect(await isWebAppStale(app(), root, ["src"])).toBe(true);
  });

  it("says a build newer than every source is up to date", async () => {
    await writeFile(join(app(), "index.html"), "");
    await at(join(app(), "index.html"), 2000);
    expect(await isWebAppStale(app(), root, ["src", "vite.config.ts", "missing.ts"])).toBe(false);
  });

  it("says a build older than a source deep in a folder is stale", async () => {
    await writeFile(join(app(), "index.html"), "");
    await at(join(app(), "index.html"), 2000);
    await at(join(root, "src", "deep", "a.ts"), 3000);
    expect(await isWebAppStale(app(), root, ["src"])).toBe(true);
  });
});
