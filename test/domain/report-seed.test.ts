/**
 * The choices on the «meld fra» card and the investigation form are the seed's own lists (004 §2.1,
 * §8.1, §8.3, §8.4). Each seed bullet is quoted here with the code the card stores for it, so a bullet
 * dropped from the code, or a choice the seed does not name, fails here.
 */
import { INVESTIGATION_METHODS } from '../../src/domain/casework';
import { KINDS, SOURCES, VULNERABILITIES, WARNING_SIGNS } from '../../src/domain/report';
import { nb } from '../../src/i18n/nb';

describe('the report card follows the lists of seed 004', () => {
  // 8.1 «Kjennetegn som kan indikere at en elev ikke har det trygt og godt.»
  it('offers every kjennetegn of 004 §8.1, and nothing else', () => {
    const seed: Record<string, string> = {
      'Eleven kvier seg for å gå på skolen.': 'kvier_seg',
      'Eleven opplever skoleveien som problematisk.': 'skoleveien',
      'Eleven kommer gjentagende for sent og/eller har økende fravær.': 'fravaer',
      'Elevens faglige resultater blir dårligere.': 'faglig',
      'Elevens klær eller utstyr blir gjentagende borte eller er ødelagt.': 'klaer_utstyr',
      'Eleven får endret følelsesuttrykk; blir lett oppfarende, irritabel, aggressiv, eller blir mer stille.': 'folelser',
      'Eleven får endret spise-/søvnmønster.': 'spise_sovn',
      'Eleven slutter på fritidsaktiviteter brått og oppleves mer innesluttet.': 'fritid',
      'Eleven har gjentagende vondt i magen, hodet, er kvalm, eller andre uforklarlige somatiske symptomer.': 'somatisk',
      'Endringer i den sosiale dynamikken eller relasjonene i klassen.': 'sosial_dynamikk',
      'Endring i hvor eleven oppholder seg (eller er alltid til stede der voksne befinner seg).': 'oppholdssted',
      'Informasjon om ekskludering på sosiale medier.': 'sosiale_medier',
    };
    expect([...WARNING_SIGNS].sort()).toEqual(Object.values(seed).sort());
    for (const code of WARNING_SIGNS) expect(nb.report.signLabels[code]).toBeTruthy();
  });

  // 8.1 «Sårbarhet kan være knyttet til elevens: • Funksjonsevne • Sosiale-/emosjonelle utfordringer»,
  // «Identitet: • Religion • Seksuell orientering/kjønnsuttrykk • Etnisitet og kulturelle bakgrunn»,
  // «Tilknytning: • Forhold ved elevens familie eller familiesituasjon • Elevens sosiale relasjoner på
  // skole og fritid • At eleven tidligere har opplevd utenforskap eller krenkelser»
  it('offers every sårbarhetsfaktor of 004 §8.1, and nothing else', () => {
    const seed: Record<string, string> = {
      Funksjonsevne: 'funksjonsevne',
      'Sosiale-/emosjonelle utfordringer': 'sosiale_emosjonelle',
      Religion: 'religion',
      'Seksuell orientering/kjønnsuttrykk': 'seksuell_orientering',
      'Etnisitet og kulturelle bakgrunn': 'etnisitet',
      'Forhold ved elevens familie eller familiesituasjon': 'familie',
      'Elevens sosiale relasjoner på skole og fritid': 'sosiale_relasjoner',
      'At eleven tidligere har opplevd utenforskap eller krenkelser': 'tidligere_krenket',
    };
    expect([...VULNERABILITIES].sort()).toEqual(Object.values(seed).sort());
  });

  // 2 «Skolens ansatte skal ha en felles forståelse av relevante begreper som for eksempel mobbing,
  // krenkelser, utenforskap … Krenkelser omhandler rasisme, seksuell trakassering og andre hatefulle
  // ytringer»; 8.2 «gå imellom elever som slåss»; SPEC §3.1.1 adds digital krenkelse and «other».
  it('names the kinds of 004 §2 (mobbing, krenkelser, utenforskap, rasisme, seksuell trakassering, hatefulle ytringer)', () => {
    for (const k of ['mobbing', 'krenkelse', 'utenforskap', 'rasisme', 'seksuell_trakassering', 'hatefulle_ytringer']) expect(KINDS).toContain(k);
    expect(KINDS).toContain('annet');
  });

  // 8.3 «Elevens foresatte gir skolen beskjed. Foresatte kan ytre bekymring for skolemiljøet som ikke
  // skolen kjenner seg igjen i, men de ansatte skal likevel varsle»
  it('takes a report whose source is the parents, and tells the reporter to report a parent’s worry', () => {
    expect(SOURCES).toContain('foresatte');
    expect(nb.report.parentHint).toContain('foresatte er bekymret for noe skolen selv ikke kjenner seg igjen i');
  });

  // 8.4 «Hvordan skal skolen undersøke? • Samtaler med eleven det gjelder, og eventuelt andre involverte
  // elever. … • Samtale med elevens foresatte. • Sosiogram … • Kvantitative undersøkelser … • Loggbok.
  // • Observasjoner fra lærer, miljøteam og nærmeste leder.»
  it('records the ways of investigating of 004 §8.4, and nothing else', () => {
    expect([...INVESTIGATION_METHODS].sort()).toEqual(
      ['samtale_elev', 'samtale_andre_elever', 'samtale_foresatte', 'sosiogram', 'kvantitative', 'loggbok', 'observasjoner'].sort(),
    );
    expect(nb.work.methods.observasjoner).toBe('Observasjoner fra lærer, miljøteam og nærmeste leder');
  });
});
