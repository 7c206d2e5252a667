/**
 * No text offers not telling the school owner (issue 12). Opplæringslova § 12-5: «Rektor skal
 * varsle skoleeigaren»; seed 004 §8.3: «Ved mistanke om eller kjennskap til at en ansatt krenker en
 * elev, eller ved spesielt alvorlige krenkelser mellom elever, skal rektor varsle UDA.» «Skal» is not
 * a choice: no button, label or hint in cards/ or in the three catalogues may present one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nb } from '../../src/i18n/nb';
import { nn } from '../../src/i18n/nn';
import { en } from '../../src/i18n/en';

const ROOT = resolve(__dirname, '..', '..');

/** Every text in a catalogue or a card template, with where it is. */
function textsOf(value: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => textsOf(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) textsOf(v, `${at}.${k}`, out);
  return out;
}

const OWNER = /skole?eie?r|skuleeigar|skoleeigar|school owner|\bUDA\b/i;
/** Wordings that make telling the owner optional: a «not», «consider», «whether», «decide on». */
const OPTION = [
  /\b(ikke|ikkje|not|no)\b[^.:]{0,40}\b(varsl|notif)/i,
  /\b(varsl|notif)\w*[^.:]{0,40}\b(ikke|ikkje)\b/i,
  /\bvurder\w*\b[^.:]{0,40}\bvarsl/i,
  /\bta stilling til\b/i,
  /\b(consider|whether|decide)\w*\b[^.:]{0,40}\bnotif/i,
];
/** A bare «Ikke varsle» button: on a case card it can only mean the school owner. */
const BARE = /^\s*(ikke|ikkje|do not|don’t|don't)\s+(varsle|notify)\b/i;
/** The sentences of a text that make telling the school owner a choice. */
const offersNotTelling = (text: string): string[] =>
  text.split(/(?<=[.!?])\s+/).filter((s) => BARE.test(s) || (OWNER.test(s) && OPTION.some((p) => p.test(s))));

const catalogues = { nb, nn, en };
const cards = readdirSync(join(ROOT, 'cards')).filter((f) => f.endsWith('.json'));

describe('no text offers not telling the school owner', () => {
  it('the scan would have caught the texts of before (so a pass means something)', () => {
    for (const old of [
      'Ikke varsle',
      'Ikkje varsle',
      'Do not notify',
      'Spesielt alvorlig: vurder å varsle skoleeier',
      'Særleg alvorleg: vurder å varsle skoleeigaren',
      'Especially serious: consider notifying the school owner',
      'Skjerpet aktivitetsplikt (§ 12-5): Det er mistanke om at en ansatt krenker eleven. Rektor må ta stilling til om skoleeier skal varsles.',
      'Then the stricter duty applies (§ 12-5), and the principal must decide on notifying the school owner.',
      'Notat til skoleeier, eller begrunnelse hvis skoleeier ikke skal varsles',
    ]) expect({ old, found: offersNotTelling(old).length > 0 }).toEqual({ old, found: true });
  });

  it.each(Object.keys(catalogues) as (keyof typeof catalogues)[])('src/i18n/%s (the catalogue)', (lang) => {
    const found = textsOf(catalogues[lang], lang).flatMap(([at, t]) => offersNotTelling(t).map((s) => `${at}: ${s}`));
    expect(found).toEqual([]);
  });

  it.each(cards)('cards/%s', (file) => {
    const card = JSON.parse(readFileSync(join(ROOT, 'cards', file), 'utf8'));
    expect(textsOf(card, file).flatMap(([at, t]) => offersNotTelling(t).map((s) => `${at}: ${s}`))).toEqual([]);
    // Nor a button that sends such a decision.
    expect(JSON.stringify(card)).not.toMatch(/ikke_varsle|case\.escalate|dontNotify/);
  });
});
