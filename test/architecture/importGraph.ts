import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** One import of one module by another, both as repository-relative paths with "/" separators. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** `import type`/`export type`, or an `import("…")` type: erased at runtime, still a dependency. */
  readonly typeOnly: boolean;
}

/** The modules found and the relative imports between them; package imports are not edges. */
export interface ImportGraph {
  readonly files: readonly string[];
  readonly edges: readonly ImportEdge[];
  /** Relative specifiers that name no file: the checker reports them rather than guessing. */
  readonly unresolved: readonly { readonly from: string; readonly specifier: string }[];
}

const SOURCE = /\.(ts|tsx|js|mjs)$/;

function listSources(root: string, dir: string, out: string[]): void {
  const abs = join(root, dir);
  if (!existsSync(abs)) return;
  for (const name of readdirSync(abs).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const rel = dir === "" ? name : `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) listSources(root, rel, out);
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
}

interface Specifier {
  readonly text: string;
  readonly typeOnly: boolean;
}

/**
 * Every module specifier a file names: static imports and re-exports, `import("…")` calls and
 * `import("…")` types. Parsed with the TypeScript compiler rather than matched with a regular
 * expression, so comments, strings and template text never count as imports.
 */
function specifiersOf(fileName: string, text: string): Specifier[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Specifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ text: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ text: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ text: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ text: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** The file a relative specifier names, trying the extensions TypeScript's bundler resolution would. */
function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  const bare = specifier.replace(/[?#].*$/, "");
  const base = resolve(root, dirname(from), bare);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return toPosix(relative(root, candidate));
  }
  return undefined;
}

/**
 * Reads the import graph of the given top-level directories (and top-level files) of `root`.
 * Only relative specifiers become edges: packages (`react`, `node:fs`) are not part of the
 * layering. An edge may point outside the scanned directories (`../../package.json`).
 *
 * @example
 * ```ts
 * const graph = readImportGraph(repoRoot, ["src", "bindings"]);
 * graph.edges.filter((e) => e.from.startsWith("bindings/"));
 * ```
 */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const files: string[] = [];
  for (const dir of dirs) {
    const abs = join(root, dir);
    if (existsSync(abs) && statSync(abs).isFile()) files.push(dir);
    else listSources(root, dir, files);
  }
  const edges: ImportEdge[] = [];
  const unresolved: { from: string; specifier: string }[] = [];
  for (const from of files) {
    const text = readFileSync(join(root, from), "utf8");
    for (const spec of specifiersOf(from, text)) {
      if (!spec.text.startsWith(".")) continue;
      const to = resolveSpecifier(root, from, spec.text);
      if (to === undefined) unresolved.push({ from, specifier: spec.text });
      else edges.push({ from, to, typeOnly: spec.typeOnly });
    }
  }
  return { files, edges, unresolved };
}
