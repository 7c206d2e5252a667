/**
 * Every verb a card can carry has a handler, and every handler is reachable from some card.
 * Derived from the code, not from a list copied here: the handler table the bot dispatches on,
 * the typed verb list, and a scan of what builds cards (the templates in cards/ and the card
 * builders in src/adapters/teams/cards/). A template's "verb" is not type-checked, so this is
 * where a misspelt one is caught; a verb typed in TypeScript is checked by the build as well.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERBS } from '../../src/adapters/teams/handlers';
import { ALL_VERBS } from '../../src/adapters/teams/verbs';

const ROOT = join(__dirname, '..', '..');
const read = (dir: string, ext: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));

/** Every string value of a "verb" key in a template, including refresh actions; "${…}" ones come from the model. */
function templateVerbs(): { file: string; verb: string }[] {
  const out: { file: string; verb: string }[] = [];
  const walk = (file: string, v: unknown): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(file, x));
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'verb' && typeof x === 'string' && !x.includes('${')) out.push({ file, verb: x });
      walk(file, x);
    }
  };
  for (const t of read('cards', '.json')) walk(t.file, JSON.parse(t.text));
  return out;
}

/**
 * The verbs the TypeScript card builders name: quoted literals that are verbs, and template
 * literals (`pk.sign.${p}`) read as patterns over the verb list.
 */
function builderVerbs(): Set<string> {
  const found = new Set<string>();
  for (const { text } of read('src/adapters/teams/cards', '.ts')) {
    for (const m of text.matchAll(/'([a-z]+(?:\.[A-Za-z_]+)+)'/g)) if (ALL_VERBS.includes(m[1] as never)) found.add(m[1]);
    for (const m of text.matchAll(/`([a-z]+\.[^`\s]*\$\{[^`]*)`/g)) {
      const pattern = new RegExp(`^${m[1].split(/\$\{[^}]*\}/).map((part) => part.replace(/\./g, '\\.')).join('[A-Za-z_]+')}$`);
      for (const v of ALL_VERBS) if (pattern.test(v)) found.add(v);
    }
  }
  return found;
}

describe('card verbs and their handlers', () => {
  it('the handler table has exactly the typed verbs: one handler each, none beside them', () => {
    expect(Object.keys(VERBS).sort()).toEqual([...ALL_VERBS].sort());
    for (const v of ALL_VERBS) expect(typeof VERBS[v]).toBe('function');
  });

  it('every verb written in a card template has a handler', () => {
    const verbs = templateVerbs();
    expect(verbs.length).toBeGreaterThan(0);
    const missing = verbs.filter(({ verb }) => !Object.hasOwn(VERBS, verb));
    expect(missing).toEqual([]);
  });

  it('every handler is reachable from some card (a template or a card builder)', () => {
    const onCards = new Set([...templateVerbs().map((x) => x.verb), ...builderVerbs()]);
    const unreachable = ALL_VERBS.filter((v) => !onCards.has(v));
    expect(unreachable).toEqual([]);
  });

  it('the scan finds the verbs it should: a forged name is no verb, a family is read whole', () => {
    const found = builderVerbs();
    // A template literal over the parties yields every party's signing verb.
    expect(ALL_VERBS.filter((v) => v.startsWith('pk.sign.motebok.')).every((v) => found.has(v))).toBe(true);
    expect(found.has('pk.sign.nobody')).toBe(false);
  });
});
