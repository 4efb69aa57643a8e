/**
 * Locates the first syntax error of a JSON text. `JSON.parse` on Node 20 does not always say
 * where it failed ("Unexpected token '}', "..." is not valid JSON"), and a dump can be hundreds
 * of megabytes: users need a line and column, and to know whether the file merely stops early.
 * Runs only after `JSON.parse` has failed, so it favours clarity over speed.
 */

/** Where and why a JSON text is invalid; `atEnd` when the text stops before the document is complete. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
  atEnd: boolean;
}

const WS = new Set([" ", "\t", "\n", "\r"]);
const LITERALS = ["true", "false", "null"];
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function shown(ch: string | undefined): string {
  return ch === undefined ? "the end of the file" : JSON.stringify(ch);
}

/**
 * The first syntax error of `text`, or undefined when it is valid JSON.
 *
 * @example
 * ```ts
 * jsonSyntaxError('{"a":[}'); // { offset: 6, message: 'expected a value, found "}"', atEnd: false }
 * ```
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (message: string): JsonSyntaxError => ({ offset: i, message, atEnd: i >= text.length });
  const skipWs = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  /** Scans a string starting at the opening quote; returns an error or undefined. */
  const scanString = (): JsonSyntaxError | undefined => {
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return undefined;
      }
      if (ch === "\\") {
        const esc = text[i + 1];
        if (esc === undefined) {
          i++;
          return fail("the text ends inside a string");
        }
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            if (i + 6 > text.length) {
              i = text.length;
              return fail("the text ends inside a string");
            }
            return fail("bad \\u escape in a string");
          }
          i += 6;
          continue;
        }
        if (!ESCAPES.has(esc)) return fail(`bad escape \\${esc} in a string`);
        i += 2;
        continue;
      }
      if (ch < " ") return fail("unescaped control character in a string");
      i++;
    }
    return fail("the text ends inside a string");
  };
  /** Scans a scalar or opens a container; returns an error, or the container opened. */
  const scanValue = (): JsonSyntaxError | "{" | "[" | undefined => {
    skipWs();
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      i++;
      return ch;
    }
    if (ch === '"') return scanString();
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0] === "-") return fail(`bad number`);
      i += m[0].length;
      return undefined;
    }
    for (const lit of LITERALS) {
      if (ch === lit[0]) {
        const got = text.slice(i, i + lit.length);
        if (got === lit) {
          i += lit.length;
          return undefined;
        }
        if (lit.startsWith(got) && i + got.length >= text.length) {
          i = text.length;
          return fail(`the text ends inside ${lit}`);
        }
        return fail(`expected a value, found ${shown(ch)}`);
      }
    }
    return fail(`expected a value, found ${shown(ch)}`);
  };

  // Each open container: "{" expecting a key, or "[" expecting a value.
  const stack: ("{" | "[")[] = [];
  let opened = scanValue();
  for (;;) {
    if (typeof opened === "object") return opened;
    if (opened === "{") {
      stack.push("{");
      skipWs();
      if (text[i] === "}") {
        i++;
        stack.pop();
      } else {
        opened = undefined;
        const keyError = scanKey();
        if (keyError) return keyError;
        opened = scanValue();
        continue;
      }
    } else if (opened === "[") {
      stack.push("[");
      skipWs();
      if (text[i] === "]") {
        i++;
        stack.pop();
      } else {
        opened = scanValue();
        continue;
      }
    }
    // A value just ended: close containers or move to the next element.
    for (;;) {
      skipWs();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return i < text.length ? fail(`unexpected ${shown(text[i])} after the end of the document`) : undefined;
      }
      const close = top === "{" ? "}" : "]";
      const ch = text[i];
      if (ch === close) {
        i++;
        stack.pop();
        continue;
      }
      if (ch !== ",") return fail(`expected "," or "${close}", found ${shown(ch)}`);
      i++;
      break;
    }
    if (stack[stack.length - 1] === "{") {
      const keyError = scanKey();
      if (keyError) return keyError;
    }
    opened = scanValue();
  }

  function scanKey(): JsonSyntaxError | undefined {
    skipWs();
    if (text[i] !== '"') return fail(`expected a property name in quotes, found ${shown(text[i])}`);
    const e = scanString();
    if (e) return e;
    skipWs();
    if (text[i] !== ":") return fail(`expected ":", found ${shown(text[i])}`);
    i++;
    return undefined;
  }
}
