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
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    // The reader went away (`kamera explore x --json | head`): nothing more can be shown, so stop
    // quietly as other command-line tools do. Any other write failure is a real error.
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await runCli(argv, processIO(), process.cwd());
}
