import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Runs every `bench/*.bench.ts` in name order, or only those named on the command line
 * (`npm run bench -- core` runs core.bench.ts). Each module exports `run(): Promise<void>`, which
 * prints its own table.
 */
async function main(): Promise<void> {
  const dir = fileURLToPath(new URL(".", import.meta.url));
  const all = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .map((f) => f.slice(0, -".bench.ts".length))
    .sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(", ")}; available: ${all.join(", ")}`);
    process.exitCode = 2;
    return;
  }
  for (const name of wanted.length > 0 ? wanted : all) {
    const mod = (await import(pathToFileURL(`${dir}${name}.bench.ts`).href)) as { run?: () => Promise<void> };
    if (typeof mod.run !== "function") throw new Error(`bench/${name}.bench.ts does not export run()`);
    console.log(`\n== ${name} ==`);
    await mod.run();
  }
}

await main();
