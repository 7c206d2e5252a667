/**
 * The catalogues are JSON, so the type check in src/i18n/index.ts says only that nn or en differs from
 * bokmål; this names the key, and checks every text is text (a number or an empty text in the JSON
 * would show the user «undefined» or nothing; errors.ask.ingen is empty on purpose).
 */
import { strings, type Lang } from '../../src/i18n';

function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    const at = (k: string) => (Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
    for (const [k, v] of Object.entries(value)) for (const [p, t] of leaves(v, at(k))) out.set(p, t);
  } else out.set(path, value);
  return out;
}

const nb = leaves(strings('nb'));

describe('the catalogues', () => {
  it.each(['nn', 'en'] as Lang[])('%s has exactly the keys bokmål has', (lang) => {
    const other = leaves(strings(lang));
    expect({ missing: [...nb.keys()].filter((k) => !other.has(k)), extra: [...other.keys()].filter((k) => !nb.has(k)) }).toEqual({ missing: [], extra: [] });
  });

  it.each(['nb', 'nn', 'en'] as Lang[])('every text in %s is a text, empty only where bokmål is empty on purpose', (lang) => {
    const bad = [...leaves(strings(lang))].filter(([k, t]) => typeof t !== 'string' || (!t.trim() && nb.get(k) !== ''));
    expect(bad.map(([k]) => k)).toEqual([]);
  });
});
