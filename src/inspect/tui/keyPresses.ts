import type { Key } from "ink";

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Splits what Ink delivered as one input into single key presses. Ink hands over everything one
 * read returned as one string — a paste, but also keys typed faster than the app reads them
 * ("jj", "j\r") — and the inspector's keys are single characters, so each is handled on its own.
 */
export function keyPresses(input: string, key: Key): [string, Key][] {
  if (input.length <= 1) return [[input, key]];
  const presses: [string, Key][] = [];
  for (const ch of input) {
    if (ch === "\r" || ch === "\n") presses.push(["", { ...NO_KEY, return: true }]);
    else if (ch === "\t") presses.push(["", { ...NO_KEY, tab: true }]);
    else if (ch === "\u007f") presses.push(["", { ...NO_KEY, delete: true }]);
    else if (ch === "\b") presses.push(["", { ...NO_KEY, backspace: true }]);
    else presses.push([ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() }]);
  }
  return presses;
}
