import type { KubeObject } from "../../objects/kubeObject.ts";

/** A run of text with one style. Colours are Ink colour names. */
export interface Span {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

/**
 * One terminal line of the inspector: styled spans, and optionally an object that Enter opens
 * as YAML. Lines are single-line by construction (no newlines), so a pane of `h` lines is
 * exactly `h` rows tall and lists can be windowed by index.
 */
export interface Line {
  spans: Span[];
  /** Enter on this line opens this object's YAML. */
  object?: KubeObject;
  /** Title of that YAML view. */
  objectTitle?: string;
}

/** A line of one span. */
export function line(text: string, style: Omit<Span, "text"> = {}): Line {
  return { spans: [{ text, ...style }] };
}

/** The plain text of a line. */
export function lineText(l: Line): string {
  return l.spans.map((s) => s.text).join("");
}

/** Cuts `text` to `width` columns, ending with "…" when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `text` cut or padded with spaces to exactly `width` columns (for table cells). */
export function cell(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

/** The spans of a line cut to `width` columns in total (later spans are dropped or cut). */
export function fitSpans(spans: readonly Span[], width: number): Span[] {
  const out: Span[] = [];
  let left = width;
  for (let i = 0; i < spans.length && left > 0; i++) {
    const s = spans[i]!;
    const rest = spans.slice(i + 1).reduce((n, x) => n + x.text.length, 0);
    // Cut with "…" only where the line as a whole overflows.
    const text = s.text.length + rest <= left ? s.text : truncate(s.text, left);
    if (text.length > left) break;
    out.push({ ...s, text });
    left -= text.length;
  }
  return out;
}
