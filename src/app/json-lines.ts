/**
 * A JSON reader that keeps the line of every value (JSON.parse keeps none): the admin's school
 * file names each problem by its line, also those found only when the values are checked.
 */
class JsonSyntax extends Error {
  constructor(readonly pos: number) {
    super('syntax');
  }
}

/** The value, and the line each value starts on by its path ('' the root, '/people/0/name'). */
export interface Located {
  value: unknown;
  lines: Map<string, number>;
}

/**
 * Parses JSON as JSON.parse does, and remembers the line of every value, so a problem found later
 * can name its line. A syntax error is thrown with the `line` it is on.
 */
export function parseJsonLines(text: string): Located {
  const lines = new Map<string, number>();
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const str = (): string => {
    // A JSON string: no raw control characters inside, which is exactly what the class excludes.
    // eslint-disable-next-line no-control-regex
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) throw new JsonSyntax(i);
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  /** The members of an object or array from its opening bracket to `close`, separated by commas. */
  const members = (close: string, member: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else throw new JsonSyntax(i);
    }
  };
  const value = (path: string): unknown => {
    ws();
    lines.set(path, lineAt(i));
    const c = text[i];
    if (c === '{') {
      const out: Record<string, unknown> = {};
      members('}', () => {
        ws();
        if (text[i] !== '"') throw new JsonSyntax(i);
        const key = str();
        ws();
        if (text[i] !== ':') throw new JsonSyntax(i);
        i++;
        out[key] = value(`${path}/${key}`);
      });
      return out;
    }
    if (c === '[') {
      const out: unknown[] = [];
      members(']', () => out.push(value(`${path}/${out.length}`)));
      return out;
    }
    if (c === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!lit) throw new JsonSyntax(i);
    i += lit[0].length;
    return JSON.parse(lit[0]);
  };
  try {
    const v = value('');
    ws();
    if (i < text.length) throw new JsonSyntax(i);
    return { value: v, lines };
  } catch (e) {
    if (e instanceof JsonSyntax) throw Object.assign(e, { line: lineAt(Math.min(e.pos, text.length)) });
    throw e;
  }
}
