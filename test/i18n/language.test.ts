/**
 * The nynorsk a school writes, and the bokmål. The word lists are not taken from our own strings: the
 * bokmål forms below are not nynorsk in Nynorskordboka (Språkrådet's norm), and the nynorsk forms are
 * not bokmål in Bokmålsordboka. The one deliberate choice is opplæringslova 2023 itself, which writes
 * «skole», «skoleeigar» and «nærmaste leiar» in its nynorsk text (§§ 12-4, 12-5): so «skule» is wrong
 * here even though the norm allows it, because a reader should meet one form only.
 *
 * Words that are the same in both forms (skal, kan, må, alle, frist, tiltak, saker, meg, mange, fram,
 * sendt …) are deliberately not listed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nb } from '../../src/i18n/nb';
import { nn } from '../../src/i18n/nn';

/** Bokmål forms with no place in nynorsk. */
const BOKMAAL_ONLY = [
  // function words
  'ikke', 'hva', 'hvem', 'hvor', 'hvordan', 'hvorfor', 'hvis', 'hvilken', 'hvilket', 'hvilke', 'noen', 'noe', 'mye',
  'bare', 'jeg', 'nå', 'da', 'fra', 'uten', 'innen', 'siden', 'allerede', 'ennå', 'mens', 'selv', 'samme', 'hele',
  'helt', 'hver', 'hvert', 'disse', 'dere', 'deres', 'hennes', 'sammen', 'hjemme', 'mer',
  // verbs
  'være', 'fikk', 'gikk', 'ble', 'gjøre', 'gjør', 'sier', 'kommer', 'gjelder', 'følger', 'trenger', 'vet', 'svarer',
  'mener', 'ønsker', 'foreslå', 'foreslått', 'velg', 'velge', 'bekreft', 'bekrefte', 'anbefales', 'finnes', 'lagret',
  'endret', 'avsluttet', 'videresendt', 'sendes', 'vises', 'åpne',
  // nouns and adjectives
  'bekymring', 'bekymringen', 'bekymringa', 'bekymret', 'begrunnelse', 'navn', 'ansatt', 'ansatte', 'foresatte',
  'leder', 'lederen', 'ledelsen', 'lærer', 'læreren', 'faglærer', 'kontaktlærer', 'avdelingsleder', 'elevrådgiver',
  'rådgiver', 'tillitsvalgt', 'skoleeier', 'postfordeler', 'taushetsplikt', 'taushetsplikten', 'fravær', 'uke', 'uker',
  'mulig', 'særlig', 'skriftlig', 'ansvarlig', 'tidligere', 'videre', 'tilbud', 'oppgave', 'oppgaver', 'påminnelse',
  'undersøkelse', 'opplæringsloven', 'meldingen', 'saken', 'klagen',
  // masculine nouns with the bokmål plural -er/-ene (nynorsk: -ar/-ane)
  'elever', 'elevene', 'lærere', 'lærerne', 'dager', 'dagene', 'skoledager', 'samtaler', 'samtalene', 'klasser',
  'klassene', 'skoler', 'ledere', 'frister', 'fristene', 'endringer', 'meldinger', 'kanaler', 'løsninger',
  'deltakere', 'møtedeltakere', 'utfordringer', 'ytringer',
  // the forms opplæringslova 2023 does not use
  'skule', 'skulen', 'skular', 'skulane', 'skuleeigar', 'skuleeigaren', 'skuledag', 'skuledagar', 'skuleåret', 'skulestart',
];

/** Nynorsk forms with no place in bokmål. */
const NYNORSK_ONLY = [
  'ikkje', 'kva', 'kven', 'korleis', 'kvifor', 'eg', 'frå', 'berre', 'vere', 'ein', 'eit', 'dei', 'nokon', 'noko',
  'mykje', 'fekk', 'gjekk', 'vart', 'heile', 'sjølv', 'medan', 'utan', 'innan', 'enno', 'allereie', 'heime', 'saman',
  'svarar', 'føreslå', 'føreslått', 'seier', 'kjem', 'følgjer', 'treng', 'meiner', 'gjere', 'uroa', 'namn', 'teikn',
  'leiar', 'leiaren', 'tilsett', 'tilsette', 'føresette', 'elevar', 'elevane', 'lærar', 'læraren', 'skoleeigar',
  'nærmaste', 'skule', 'skulen', 'veke', 'veker', 'saka', 'meldinga', 'klaga', 'endra', 'lagra', 'avslutta',
];

/** Phrases the law words one way (opplæringslova 2023 § 12-4 and § 12-5; the bokmål text of the same). */
const NYNORSK_PHRASES_WRONG = ['nærmeste leder', 'nærmeste leiar', 'næraste leiar', 'skoleeier'];
const BOKMAAL_PHRASES_WRONG = ['nærmaste leiar', 'nærmeste leiar', 'skoleeigar'];

/** Every user-visible string in a language file, with the {placeholders} taken out. */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value.replace(/\{[^}]*\}/g, ' ') }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Command lines and the role code an import file must use («ansatt») are code, not language. */
const isCode = (path: string) => path === 'admin.usage' || path.startsWith('help.commands') || path === 'admin.errors.noRoles';

function offending(texts: { path: string; text: string }[], words: string[], phrases: string[]): string[] {
  const wanted = new Set(words);
  const found: string[] = [];
  for (const { path, text } of texts) {
    if (isCode(path)) continue;
    const lower = text.toLowerCase();
    for (const w of lower.match(/[a-zæøåéèòü]+/g) ?? []) if (wanted.has(w)) found.push(`${path}: «${w}»`);
    for (const p of phrases) if (lower.includes(p)) found.push(`${path}: «${p}»`);
  }
  return found;
}

const manifestNn = JSON.parse(readFileSync(join(__dirname, '../../manifest/nn-NO.json'), 'utf8')) as Record<string, string>;
const manifestTexts = Object.entries(manifestNn).filter(([k]) => !k.startsWith('$')).map(([path, text]) => ({ path: `manifest ${path}`, text }));

describe('language forms', () => {
  it('nynorsk has no bokmål forms, and writes «skole», «skoleeigar» and «nærmaste leiar» as opplæringslova 2023 does', () => {
    expect(offending([...strings(nn), ...manifestTexts], BOKMAAL_ONLY, NYNORSK_PHRASES_WRONG)).toEqual([]);
  });

  it('bokmål has no nynorsk forms, and writes «skoleeier» and «nærmeste leder»', () => {
    expect(offending(strings(nb), NYNORSK_ONLY, BOKMAAL_PHRASES_WRONG)).toEqual([]);
  });

  it('the check itself finds the errors it is meant to find', () => {
    const probe = [
      { path: 'a', text: 'Rektor svarer når {name} har sendt meldingen.' },
      { path: 'b', text: 'Foreslå ein dato; bekymringa er ikke borte.' },
      { path: 'c', text: 'Send til nærmeste leder eller skuleeigaren.' },
      { path: 'admin.usage', text: 'npm run admin -- import <fil.json>' },
    ];
    expect(offending(probe, BOKMAAL_ONLY, NYNORSK_PHRASES_WRONG)).toEqual([
      'a: «svarer»', 'a: «meldingen»', 'b: «foreslå»', 'b: «bekymringa»', 'b: «ikke»', 'c: «leder»', 'c: «skuleeigaren»', 'c: «nærmeste leder»',
    ]);
    expect(offending([{ path: 'x', text: 'Dei tilsette får ikkje {count} svar frå leiaren.' }], NYNORSK_ONLY, [])).toEqual([
      'x: «dei»', 'x: «tilsette»', 'x: «ikkje»', 'x: «frå»', 'x: «leiaren»',
    ]);
  });

  it('keeps the same {placeholders} in every string of nb and nn', () => {
    const names = (s: string) => (s.match(/\{[^}]*\}/g) ?? []).sort().join(' ');
    const raw = (value: unknown, path = ''): Map<string, string> => {
      const out = new Map<string, string>();
      const walk = (v: unknown, p: string): void => {
        if (typeof v === 'string') out.set(p, v);
        else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
      };
      walk(value, path);
      return out;
    };
    const a = raw(nb);
    const b = raw(nn);
    const differ = [...a].filter(([p, s]) => b.has(p) && names(s) !== names(b.get(p)!)).map(([p]) => p);
    expect(differ).toEqual([]);
  });
});
