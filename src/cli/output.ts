/**
 * What `cascade` prints: aligned tables, indented trees, JSON, and figures in the Vietnamese
 * way the reports quote them (4.285/4.478, 95,69%, 30/6/2021). Messages around them are English.
 */
import { formatViFraction, formatViNumber, formatViRate } from '../domain/text/numbers';
import { formatViDate, formatViDateTime } from '../domain/time/time';

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface Output {
  /** A line (or lines) of results on stdout. */
  out(text: string): void;
  /** A line of progress or error on stderr. */
  err(text: string): void;
  /** Text on stdout exactly as given (documents such as CSV keep their own line ends). */
  write(text: string): void;
}

/** An Output over two streams; each call writes one line (a newline is added when missing). */
export function streamOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Output {
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return { out: (text) => void stdout.write(line(text)), err: (text) => void stderr.write(line(text)), write: (text) => void stdout.write(text) };
}

/** Prints a value as pretty JSON on stdout: the machine-readable form of every `--json`. */
export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

/** A count the Vietnamese way: 4285 → `4.285`. */
export const viCount = (n: number): string => formatViNumber(n, 0);
/** A rate the Vietnamese way: 95.69 → `95,69%`, null → `–`. */
export const viRate = formatViRate;
/** done/expected the Vietnamese way: `4.285/4.478`. */
export const viFraction = formatViFraction;

/** A Vietnam calendar date from an ISO instant: `30/6/2021`; `–` for null. */
export function viDate(iso: string | null | undefined): string {
  return iso ? formatViDate(iso) : '–';
}

/** A Vietnam wall-clock time from an ISO instant: `10:47 ngày 13/8/2021`. */
export function viDateTime(iso: string): string {
  return formatViDateTime(iso);
}

/** Left-aligned columns separated by two spaces; numeric-looking cells are right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const numeric = /^(?:[\d.,]+%?|[\d.]+\/[\d.]+|–)$/;
  const render = (row: readonly string[]) =>
    row
      .map((cell, c) => (numeric.test(cell) && c > 0 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return all.map(render).join('\n');
}

/** A node of an indented tree. */
export interface TreeNode {
  label: string;
  children: TreeNode[];
  /** Shown as a last child line when children were cut (depth limits). */
  more?: string;
}

/** Draws a tree with box-drawing branches, one line per node. */
export function renderTree(roots: readonly TreeNode[]): string {
  const lines: string[] = [];
  const walk = (node: TreeNode, prefix: string, branch: string, isRoot: boolean, last: boolean) => {
    lines.push(isRoot ? node.label : `${prefix}${branch}${node.label}`);
    const childPrefix = isRoot ? '' : `${prefix}${last ? '   ' : '│  '}`;
    const kids = node.children;
    kids.forEach((child, i) => {
      const isLast = i === kids.length - 1 && !node.more;
      walk(child, childPrefix, isLast ? '└─ ' : '├─ ', false, isLast);
    });
    if (node.more) lines.push(`${childPrefix}└─ ${node.more}`);
  };
  roots.forEach((root) => walk(root, '', '', true, true));
  return lines.join('\n');
}

/** "1 unit", "3 units" (English plural for operator messages). */
export function plural(n: number, word: string): string {
  return `${viCount(n)} ${word}${n === 1 ? '' : 's'}`;
}
