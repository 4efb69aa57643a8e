/** Node options that load modules or register module hooks before the entry: `--import x`, `-r x`, `--loader=x`… */
const PRELOADING = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader"]);

/**
 * The Node options a worker thread starts with. A thread inherits its process's, which from the
 * TypeScript sources include tsx's preload and module hooks; a thread running the compiled copy
 * (see threadModule.ts) needs neither, and they cost it a tenth of a second of start-up (every
 * import goes through the hooks). So a compiled thread starts without the options that preload
 * modules; it keeps every other option. Otherwise (the package's JavaScript, or tsx in the
 * thread) the process's options are inherited as they are.
 */
export function threadExecArgv(compiled: boolean, args: readonly string[]): { execArgv?: string[] } {
  if (!compiled) return {};
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    if (PRELOADING.has(eq < 0 ? arg : arg.slice(0, eq))) {
      if (eq < 0) i++; // the value is the next argument
      continue;
    }
    out.push(arg);
  }
  return { execArgv: out };
}
