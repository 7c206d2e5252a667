/**
 * Typed commands, forgiving about spelling, case, punctuation and language form (bokmål,
 * nynorsk, English). Unknown text is 'hjelp', never silence.
 */
export type Command =
  | { name: 'meld_fra' }
  | { name: 'mine_saker' }
  | { name: 'permisjon' }
  | { name: 'elevsamtaler' }
  | { name: 'arshjul' }
  | { name: 'klage' }
  | { name: 'roller' }
  | { name: 'oversikt' }
  | { name: 'sak'; ref: string }
  | { name: 'sprak'; lang: 'nb' | 'nn' | 'en' | undefined }
  | { name: 'kanal'; scope: 'skole' | 'trinn' | 'klasse' | 'admin' | undefined; target: string }
  | { name: 'hjelp'; unknown: boolean };

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFC')
    .replace(/[.,!?:;"'«»()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const MELD_FRA = /^(meld|melde|meldt|meld deg|send)\s*(i)?(fra|frå|ifra|ifrå)( (om|en|ei|ein) .*)?$/;
const REPORT = /^(report|report concern|new report)$/;
const MINE_SAKER = /^(mine saker|mine sakar|my cases|saker|sakar|cases)$/;
const SAK = /^(sak|case)\s+([a-z]{2}-\d{4}-\d{1,6})$/;
const SPRAK = /^(språk|sprak|mål|målform|language|lang)(?: (.+))?$/;
const LANG_WORDS: Record<string, 'nb' | 'nn' | 'en'> = {
  bokmål: 'nb', bokmal: 'nb', nb: 'nb', norsk: 'nb', norwegian: 'nb',
  nynorsk: 'nn', nn: 'nn',
  english: 'en', engelsk: 'en', en: 'en',
};
/** "kanal trinn 8", "kanal klasse 8A", "kanal skole", "kanal admin" (also "channel grade 8"). */
const KANAL = /^(kanal|channel)(?: (skole|skule|school|trinn|grade|klasse|class|admin)(?: ([0-9a-zæøå]{1,6}))?)?$/;
const SCOPE_WORDS: Record<string, 'skole' | 'trinn' | 'klasse' | 'admin'> = {
  skole: 'skole', skule: 'skole', school: 'skole', trinn: 'trinn', grade: 'trinn', klasse: 'klasse', class: 'klasse', admin: 'admin',
};
const PERMISJON = /^(permisjon|permisjonar|permisjoner|permisjonssøknad|permisjonssøknader|søknad om permisjon|leave|leave request)$/;
const ELEVSAMTALER = /^(elevsamtaler|elevsamtalar|elevsamtale|elevsamtalen|samtaler|samtalar|startsamtaler|startsamtalar|pupil talks|pupil conversations)$/;
const ARSHJUL = /^(årshjul|årshjulet|arshjul|year wheel|annual wheel|annual plan)$/;
const KLAGE = /^(klage|klager|klage på ansatt|klage på undervisning|complaint|complaints)$/;
/** Who holds which role at the school (rektor and the school's admin). */
const ROLLER = /^(roller|rollene|rolleoversikt|rolleoversikta|roles|role overview|who has which role)$/;
/** The school owner's and rektor's figures (issue 17). */
const OVERSIKT = /^(oversikt|oversikta|oversikten|tilstand|tilstandsrapport|overview|statistikk|statistics)$/;
const HJELP = /^(hjelp|help|\?|hei|hallo|hello|hi)$/;

export function parseCommand(text: string): Command {
  const t = normalise(text);
  if (MELD_FRA.test(t) || REPORT.test(t) || t === 'meldfra' || t === 'meld') return { name: 'meld_fra' };
  if (MINE_SAKER.test(t)) return { name: 'mine_saker' };
  if (PERMISJON.test(t)) return { name: 'permisjon' };
  if (ELEVSAMTALER.test(t)) return { name: 'elevsamtaler' };
  if (ARSHJUL.test(t)) return { name: 'arshjul' };
  if (KLAGE.test(t)) return { name: 'klage' };
  if (ROLLER.test(t)) return { name: 'roller' };
  if (OVERSIKT.test(t)) return { name: 'oversikt' };
  const sak = SAK.exec(t);
  if (sak) return { name: 'sak', ref: sak[2].toUpperCase() };
  const sprak = SPRAK.exec(t);
  if (sprak) return { name: 'sprak', lang: LANG_WORDS[sprak[2] ?? ''] };
  const kanal = KANAL.exec(t);
  if (kanal) {
    const scope = SCOPE_WORDS[kanal[2] ?? ''];
    const target = (kanal[3] ?? '').toUpperCase();
    // trinn and klasse need a target; skole and admin take none.
    const ok = scope && ((scope === 'trinn' && /^\d{1,2}$/.test(target)) || (scope === 'klasse' && target !== '') || ((scope === 'skole' || scope === 'admin') && target === ''));
    return { name: 'kanal', scope: ok ? scope : undefined, target: ok ? target : '' };
  }
  return { name: 'hjelp', unknown: t !== '' && !HJELP.test(t) };
}
