/**
 * Which field of a JSON document a position falls in, read from the text before it. Used when the
 * bytes of a request body stop being UTF-8 part-way: the body cannot be parsed, yet the refusal
 * can still name the field being written there (`notes`, `deadlines.cell`, `reminders[2]`).
 */
import { joinPath } from './fields';

type Frame = { kind: 'object'; key: string | null; expectingKey: boolean } | { kind: 'array'; index: number };

/** The string literal starting at `start` (its opening quote) and the index after it, or null when the text ends inside it. */
function readString(text: string, start: number): { value: string; end: number } | null {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') {
      const literal = text.slice(start, i + 1);
      let value: string;
      try {
        value = JSON.parse(literal) as string;
      } catch {
        value = literal.slice(1, -1);
      }
      return { value, end: i + 1 };
    }
  }
  return null;
}

function pathOf(stack: readonly Frame[]): string {
  const keys: PropertyKey[] = [];
  for (const frame of stack) {
    if (frame.kind === 'array') keys.push(frame.index);
    else if (frame.key !== null && !frame.expectingKey) keys.push(frame.key);
    else break;
  }
  return joinPath(keys);
}

/**
 * The dotted path (as `joinPath` writes it) of the value the end of `prefix` is inside, or '' when
 * it is at the top level or inside an object's key. `prefix` is JSON text cut anywhere.
 */
export function jsonPathAt(prefix: string): string {
  const stack: Frame[] = [];
  let i = 0;
  while (i < prefix.length) {
    const c = prefix[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const str = readString(prefix, i);
      if (str === null) return top?.kind === 'object' && top.expectingKey ? pathOf(stack.slice(0, -1)) : pathOf(stack);
      if (top?.kind === 'object' && top.expectingKey) top.key = str.value;
      i = str.end;
      continue;
    }
    if (c === '{') stack.push({ kind: 'object', key: null, expectingKey: true });
    else if (c === '[') stack.push({ kind: 'array', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ':' && top?.kind === 'object') top.expectingKey = false;
    else if (c === ',' && top) {
      if (top.kind === 'array') top.index += 1;
      else top.expectingKey = true;
    }
    i++;
  }
  return pathOf(stack);
}
