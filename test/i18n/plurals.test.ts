/**
 * Counting texts read right at 0, 1 and 2. The expected words come from the dictionaries, not from our
 * catalogues: Bokmålsordboka «elev» m., pl. «elever»; Nynorskordboka «elev» m., pl. «elevar», «skoledag»
 * pl. «skoledagar», «person» pl. «personar», «medlem» n., pl. «medlemer». CLDR (Intl.PluralRules) puts 0
 * with the plural in all three languages: «0 elever», «0 pupils».
 */
import { plural, strings, type Lang } from '../../src/i18n';

const at = (lang: Lang, pick: (t: ReturnType<typeof strings>) => { one: string; other: string }) =>
  [0, 1, 2].map((n) => plural(lang, n, pick(strings(lang))));

describe('counting texts agree with the count', () => {
  it('pupils in the class (elevsamtaler)', () => {
    expect(at('nb', (t) => t.talks.pupilCount)).toEqual(['0 elever i klassen', '1 elev i klassen', '2 elever i klassen']);
    expect(at('nn', (t) => t.talks.pupilCount)).toEqual(['0 elevar i klassen', '1 elev i klassen', '2 elevar i klassen']);
    expect(at('en', (t) => t.talks.pupilCount)).toEqual(['0 pupils in the class', '1 pupil in the class', '2 pupils in the class']);
  });

  it('school days of a leave (permisjon)', () => {
    expect(at('nb', (t) => t.leave.days)).toEqual(['0 skoledager', '1 skoledag', '2 skoledager']);
    expect(at('nn', (t) => t.leave.days)).toEqual(['0 skoledagar', '1 skoledag', '2 skoledagar']);
    expect(at('en', (t) => t.leave.days)).toEqual(['0 school days', '1 school day', '2 school days']);
  });

  it('talks done of the total: the noun agrees with the total («0 av 1 startsamtale», «1 av 2 startsamtaler»)', () => {
    // «samtale» m., pl. «samtaler» (Bokmålsordboka), «samtalar» (Nynorskordboka).
    expect(at('nb', (t) => t.talks.plurals.startsamtale)).toEqual(['startsamtaler', 'startsamtale', 'startsamtaler']);
    expect(at('nn', (t) => t.talks.plurals.elevsamtale_host)).toEqual(['elevsamtalar haust', 'elevsamtale haust', 'elevsamtalar haust']);
    expect(at('en', (t) => t.talks.plurals.klassens_time)).toEqual(['class hours', 'class hour', 'class hours']);
  });

  it('people with a role, and a role listed only as a count', () => {
    expect(at('nb', (t) => t.roles.intro).map((s) => s.slice(0, s.indexOf(' ved')))).toEqual(['0 personer har en rolle', '1 person har en rolle', '2 personer har en rolle']);
    expect(at('nn', (t) => t.roles.intro).map((s) => s.slice(0, s.indexOf(' ved')))).toEqual(['0 personar har ei rolle', '1 person har ei rolle', '2 personar har ei rolle']);
    expect(at('en', (t) => t.roles.intro).map((s) => s.slice(0, s.indexOf(' at')))).toEqual(['0 people have a role', '1 person has a role', '2 people have a role']);
    for (const [lang, words] of [['nb', ['0 personer.', '1 person.', '2 personer.']], ['nn', ['0 personar.', '1 person.', '2 personar.']], ['en', ['0 people.', '1 person.', '2 people.']]] as const) {
      expect(at(lang, (t) => t.roles.countOnly).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(words);
    }
  });

  it('the admin tool’s summary: «1 ny», «2 nye» (the adjective ny, pl. nye), nynorsk «1 oppdatert», «2 oppdaterte»', () => {
    expect(at('nb', (t) => t.admin.counted.added)).toEqual(['0 nye', '1 ny', '2 nye']);
    expect(at('nn', (t) => t.admin.counted.added)).toEqual(['0 nye', '1 ny', '2 nye']);
    expect(at('nn', (t) => t.admin.entra.counted.updated)).toEqual(['0 oppdaterte', '1 oppdatert', '2 oppdaterte']);
    expect(at('nb', (t) => t.admin.entra.counted.members)).toEqual(['gruppen har 0 brukere', 'gruppen har 1 bruker', 'gruppen har 2 brukere']);
    expect(at('nn', (t) => t.admin.entra.counted.members)).toEqual(['gruppa har 0 brukarar', 'gruppa har 1 brukar', 'gruppa har 2 brukarar']);
    expect(at('en', (t) => t.admin.entra.counted.members)).toEqual(['the group has 0 users', 'the group has 1 user', 'the group has 2 users']);
  });

  it('the admin tool: errors in a file, members without a name', () => {
    expect(at('en', (t) => t.admin.failed).map((s) => s.split('.')[0])).toEqual(['The file has 0 errors', 'The file has 1 error', 'The file has 2 errors']);
    expect(at('nb', (t) => t.admin.failed).map((s) => s.split('.')[0])).toEqual(['Filen har 0 feil', 'Filen har 1 feil', 'Filen har 2 feil']);
    expect(at('nb', (t) => t.admin.entra.noName).map((s) => s.trim().split(' uten')[0])).toEqual(['0 medlemmer', '1 medlem', '2 medlemmer']);
    expect(at('nn', (t) => t.admin.entra.noName).map((s) => s.trim().split(' utan')[0])).toEqual(['0 medlemer', '1 medlem', '2 medlemer']);
    expect(at('en', (t) => t.admin.entra.noName).map((s) => s.trim().split(' without')[0])).toEqual(['0 members', '1 member', '2 members']);
  });
});
