import { processIO } from "./cliIO.ts";
import { runCli } from "./runCli.ts";

/**
 * The `kamera` executable's entry (`bin/kamera.js` loads it through tsx): runs the command line
 * and sets the exit status without cutting off output still being written to a pipe.
 *
 * @example
 * ```ts
 * await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await runCli(argv, processIO(), process.cwd());
}
