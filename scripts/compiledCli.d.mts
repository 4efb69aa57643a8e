/** The compiled copy's module URLs: the CLI's entry, the scenario registry, the bundled examples. */
export interface CompiledCli {
  main: string;
  registry: string;
  examples: string;
}
export function needsSources(argv: readonly string[], cwd?: string): boolean;
export function freshCompiledCli(root: string): CompiledCli | undefined;
export function buildCompiledCli(root: string): Promise<CompiledCli | undefined>;
export function notePointer(root: string, copy: { moduleUrl(url: string): string; inputs?: Readonly<Record<string, string>> }): CompiledCli | undefined;
