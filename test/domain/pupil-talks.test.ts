/** Elevsamtaler and the kontaktlærer's recurring conversations (seeds 002, 003; SPEC §3.5, §4). */
import { calendarFor } from '../../src/app/school-time';
import { isDomainError } from '../../src/domain/errors';
import type { Membership } from '../../src/domain/people';
import {
  addPupils, CONCERNS, due, DUTY_TO_REPORT_NOTE, emptyRoster, firstSchoolDay, markTalkDone, ONE_TO_ONE_NOTE, progress,
  PUPIL_CHECKLIST, registerWarning, remindersDue, removePupil, ROSTER_LIMITS, TALK_KINDS, TEACHER_CHECKLIST, termOf, updatePupil,
  validatePupils, warningCounts, windowsOf, joinerStartWindow, startsamtaleDue,
  type ClassRoster, type MarkInput, type TalkDone,
} from '../../src/domain/pupil-talks';
import { schoolDaysBetween } from '../../src/domain/school-calendar';
import { meldepliktGuidance } from '../../src/domain/meldeplikt';

const cal = calendarFor({}, '2026-10-01');
const member = (userId: string, roles: Membership['roles'], classes: string[] = [], schoolId = 's1'): Membership => ({
  tenantId: 't1', schoolId, userId, name: userId, roles, classes, trinn: [],
});
const kari = member('kari', ['kontaktlaerer'], ['8A']);
const per = member('per', ['kontaktlaerer'], ['8B']);
const rektor = member('rektor', ['rektor']);
const elsewhere = member('kari2', ['kontaktlaerer'], ['8A'], 's2');

function roster(): ClassRoster {
  const r = emptyRoster(kari, { tenantId: 't1', schoolId: 's1', className: '8A', schoolYear: 2026 });
  return addPupils(kari, r, [
    { name: 'Ola Nordmann', under18: true },
    { name: 'Kari Hansen', under18: true },
    { name: 'Jonas Berg', under18: false },
  ], ['p1', 'p2', 'p3']);
}
const mark = (r: ClassRoster, done: TalkDone[], input: Partial<MarkInput> & Pick<MarkInput, 'kind' | 'subjectId'>, actor = kari) =>
  markTalkDone(actor, r, done, { on: '2026-08-20', ...input }, cal);
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return isDomainError(e) ? e.code : String(e);
  }
  return 'no error';
};

describe('elevsamtaler (seeds 002, 003)', () => {
  // 003: "Gjennomføre startsamtaler med elevene i løpet av de to første ukene"
  it('every pupil has a startsamtale within the first two weeks of school', () => {
    const first = firstSchoolDay(2026, cal);
    expect(first).toBe('2026-08-17'); // the Monday after the default sommerferie
    const d = due('startsamtale', 2026, cal);
    expect(d).toBe('2026-08-28'); // Friday of the second school week: the 10th school day
    expect(schoolDaysBetween(first, d, cal)).toBe(9);
    const r = roster();
    const { done } = mark(r, [], { kind: 'startsamtale', subjectId: 'p1' });
    expect(progress(r, done, 'startsamtale', { today: '2026-08-28', calendar: cal })).toEqual({ done: 1, total: 3, overdue: 0 });
    expect(progress(r, done, 'startsamtale', { today: '2026-08-31', calendar: cal })).toEqual({ done: 1, total: 3, overdue: 2 });
  });

  // 003: "Forberede og gjennomføre 2 elevsamtaler per skoleår." 002: "to ganger i året";
  // "Elevsamtalen finner ofte sted før foreldresamtalen"
  it('two elevsamtaler per school year', () => {
    const host = due('elevsamtale_host', 2026, cal);
    const vaar = due('elevsamtale_var', 2026, cal);
    expect(host).toBe('2026-11-02'); // before the årshjul's autumn utviklingssamtaler (3 November)
    expect(vaar).toBe('2027-04-12'); // before the spring utviklingssamtaler (13 April)
    expect(host < '2027-01-01' && vaar > '2027-01-01').toBe(true); // one per half-year
    const r = roster();
    let done: TalkDone[] = [];
    for (const p of ['p1', 'p2', 'p3']) done = mark(r, done, { kind: 'elevsamtale_host', subjectId: p, on: '2026-10-20' }).done;
    done = mark(r, done, { kind: 'elevsamtale_var', subjectId: 'p1', on: '2027-03-10' }).done;
    const at = { today: '2027-04-13', calendar: cal };
    expect(progress(r, done, 'elevsamtale_host', at)).toEqual({ done: 3, total: 3, overdue: 0 });
    expect(progress(r, done, 'elevsamtale_var', at)).toEqual({ done: 1, total: 3, overdue: 2 });
    // A school that moved its utviklingssamtaler moves the elevsamtale with them.
    expect(due('elevsamtale_host', 2026, cal, { dates: { utviklingssamtalerHost: '11-16', utviklingssamtalerVar: '04-13' } })).toBe('2026-11-13');
  });

  // 003: "Gi foreldrene tilbud om samtale første halvår i opplæringsåret for elever som ikke er myndige"
  it('the offer of a parent conversation is for pupils under 18, in the first half-year', () => {
    const r = roster();
    expect(due('foreldresamtale_tilbud', 2026, cal) < '2027-01-01').toBe(true);
    expect(progress(r, [], 'foreldresamtale_tilbud', { today: '2026-09-01', calendar: cal })).toEqual({ done: 0, total: 2, overdue: 0 });
    expect(code(() => mark(r, [], { kind: 'foreldresamtale_tilbud', subjectId: 'p3' }))).toBe('common.INVALID_INPUT'); // Jonas is 18
    const { done } = mark(r, [], { kind: 'foreldresamtale_tilbud', subjectId: 'p1' });
    expect(progress(r, done, 'foreldresamtale_tilbud', { today: '2026-12-01', calendar: cal })).toEqual({ done: 1, total: 2, overdue: 1 });
  });

  // 003: "Planlegge klassens time sammen med tillitsvalgt for klassen. Bør gjennomføres 1 gang pr måned."
  it('klassens time is held once a month', () => {
    const months = windowsOf('klassens_time', 2026, cal).map((w) => w.month);
    expect(months).toEqual(['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06']);
    expect(due('klassens_time', 2026, cal, { month: '2026-12' })).toBe('2026-12-18'); // the last school day before juleferie
    expect(due('klassens_time', 2026, cal)).toBe('2027-06-18'); // the last school day of the year
    const r = roster();
    let done = mark(r, [], { kind: 'klassens_time', subjectId: '2026-08', on: '2026-08-27' }).done;
    done = mark(r, done, { kind: 'klassens_time', subjectId: '2026-09', on: '2026-09-24' }).done;
    expect(progress(r, done, 'klassens_time', { today: '2026-11-02', calendar: cal })).toEqual({ done: 2, total: 11, overdue: 1 });
    expect(code(() => mark(r, [], { kind: 'klassens_time', subjectId: '2027-07' }))).toBe('common.INVALID_INPUT');
  });

  // 003: "Hver elev skal være knyttet til en lærer (kontaktlærer) …"; the kontaktlærer conducts the
  // elevsamtale (002: "gjennomføre elevsamtalen (forskrift til opplæringsloven § 3-11)")
  it("only the class's kontaktlærer marks a conversation done", () => {
    const r = roster();
    for (const actor of [per, rektor, elsewhere, undefined])
      expect(code(() => markTalkDone(actor, r, [], { kind: 'startsamtale', subjectId: 'p1', on: '2026-08-20' }, cal))).toBe('common.NO_ROLE');
    expect(code(() => addPupils(per, r, [{ name: 'Nora', under18: true }], ['p9']))).toBe('common.NO_ROLE');
    expect(mark(r, [], { kind: 'startsamtale', subjectId: 'p1' }).done).toEqual([{ kind: 'startsamtale', subjectId: 'p1', on: '2026-08-20', by: 'kari' }]);
  });

  // 003: "Gjennomføre startsamtaler med elevene" / "2 elevsamtaler per skoleår": one per pupil and kind
  it('a conversation is marked done once per pupil and kind; a second mark changes nothing', () => {
    const r = roster();
    const first = mark(r, [], { kind: 'startsamtale', subjectId: 'p1' });
    const again = mark(r, first.done, { kind: 'startsamtale', subjectId: 'p1', on: '2026-08-25' });
    expect(first.changed).toBe(true);
    expect(again.changed).toBe(false);
    expect(again.done).toBe(first.done);
    expect(code(() => mark(r, [], { kind: 'startsamtale', subjectId: 'nobody' }))).toBe('common.INVALID_INPUT');
    expect(code(() => mark(r, [], { kind: 'startsamtale', subjectId: 'p1', on: '2027-08-20' }))).toBe('common.INVALID_INPUT'); // another school year
  });

  // SPEC §3.5: "reminds the kontaktlærer personally and in the class channel (counts only, never names)"
  it('a class channel gets counts, never names', () => {
    const r = roster();
    const done = mark(r, [], { kind: 'startsamtale', subjectId: 'p1' }).done;
    const today = '2026-08-21'; // a school week before the startsamtaler are due
    const due5 = remindersDue(today, r, done, cal);
    const start = due5.channel.find((c) => c.kind === 'startsamtale');
    expect(start).toEqual({ kind: 'startsamtale', due: '2026-08-28', done: 1, total: 3 });
    const channel = JSON.stringify(due5.channel);
    for (const p of r.pupils) {
      expect(channel).not.toContain(p.name);
      expect(channel).not.toContain(p.pupilId);
    }
    // The kontaktlærer's own reminder lists who is left (by id; the personal card shows the names).
    expect(due5.personal.find((p) => p.kind === 'startsamtale')?.pupilIds).toEqual(['p2', 'p3']);
  });

  // SPEC §3.5: "reminds the kontaktlærer personally"; 002: "Sett av nok tid til gjennomføring av samtalene"
  it('the kontaktlærer is reminded when a round opens, a week before, on the due day and weekly while overdue', () => {
    const r = roster();
    const kinds = (today: string) => remindersDue(today, r, [], cal).personal.map((p) => `${p.kind}${p.month ? ` ${p.month}` : ''}`);
    expect(kinds('2026-08-17')).toEqual(['startsamtale', 'foreldresamtale_tilbud', 'klassens_time 2026-08']); // first school day
    expect(kinds('2026-08-18')).toEqual([]);
    expect(kinds('2026-08-28')).toEqual(['startsamtale']); // due
    expect(kinds('2026-09-04')).toEqual(['startsamtale']); // a school week overdue
    expect(kinds('2026-08-29')).toEqual([]); // Saturday: nothing
    expect(remindersDue('2026-08-28', r, [], cal).channel.map((c) => c.kind)).toEqual(['startsamtale']);
    const all = ['p1', 'p2', 'p3'].reduce<TalkDone[]>((d, p) => mark(r, d, { kind: 'startsamtale', subjectId: p }).done, []);
    expect(remindersDue('2026-08-28', r, all, cal)).toEqual({ personal: [], channel: [] }); // nothing outstanding
  });

  // 002: "Sørg for at læreren vet hva han skal gjøre dersom han får vite om rus, vold eller overgrep
  // eller andre forhold som utløser meldeplikten"
  it('a conversation that revealed drugs, violence or abuse points to the duty to report', () => {
    const r = roster();
    for (const revealedConcern of CONCERNS) {
      const res = mark(r, [], { kind: 'elevsamtale_host', subjectId: 'p2', on: '2026-10-20', revealedConcern });
      expect(res.dutyToReport).toBe(true);
      // Nothing about what was said is stored.
      expect(res.done).toEqual([{ kind: 'elevsamtale_host', subjectId: 'p2', on: '2026-10-20', by: 'kari' }]);
      expect(JSON.stringify(res.done)).not.toContain(revealedConcern);
      // Even when the conversation was marked before, the concern is never swallowed.
      expect(mark(r, res.done, { kind: 'elevsamtale_host', subjectId: 'p2', revealedConcern }).dutyToReport).toBe(true);
    }
    expect(mark(r, [], { kind: 'elevsamtale_host', subjectId: 'p2' }).dutyToReport).toBe(false);
    expect(code(() => mark(r, [], { kind: 'elevsamtale_host', subjectId: 'p2', revealedConcern: 'mobbing' as never }))).toBe('common.INVALID_INPUT');
    expect(DUTY_TO_REPORT_NOTE).toBe('talks.dutyToReport');
  });

  // 002: "Sørg for at læreren vet hva han skal gjøre dersom han får vite om rus, vold eller overgrep
  // eller andre forhold som utløser meldeplikten". Meldeplikten is the duty to inform barnevernstjenesten
  // (barnevernsloven § 13-2) and the avvergingsplikt (straffeloven § 196), each person's own; a skolemiljø
  // report is an additional step only.
  it('forhold som utløser meldeplikten: the guidance names both duties, that they are her own, rektor and the school contact, and «Meld fra» as an extra step', () => {
    const school = { tenantId: 't1', schoolId: 's1', meldepliktContact: ' Helsesykepleier Hilde Moe ' };
    const staff = [kari, per, rektor, { ...rektor, userId: 'r2', name: 'Anne Rektor', schoolId: 's2' }];
    const g = meldepliktGuidance('vold', school, staff);
    expect(g.duties.map((d) => [d.duty, d.law, d.to])).toEqual([
      ['opplysningsplikt', 'barnevernsloven § 13-2', 'barnevernstjenesten'],
      ['avvergingsplikt', 'straffeloven § 196', 'politiet'],
    ]);
    expect(g.personalDuty).toBe(true);
    expect(g.rektors).toEqual([rektor.name]); // only this school's rektor
    expect(g.schoolContact).toBe('Helsesykepleier Hilde Moe');
    expect(g.skolemiljoReport).toBe('additional');
    expect(meldepliktGuidance('rus', { tenantId: 't1', schoolId: 's1' }, staff).schoolContact).toBe('');
    // Built from the directory and settings: nothing about the pupil is in it.
    expect(Object.keys(g).sort()).toEqual(['concern', 'duties', 'personalDuty', 'rektors', 'schoolContact', 'skolemiljoReport']);
  });

  // 002: "Gjennomfør samtalen med hver enkelt elev i enerom" / "Sørg for at det settes av ressurser
  // til å gjennomføre samtalene én-til-én og i et eget rom"
  it('the conversation is one to one in a private room, prepared with a checklist for teacher and pupil', () => {
    expect(TEACHER_CHECKLIST).toHaveLength(8);
    expect(PUPIL_CHECKLIST).toHaveLength(7);
    expect(new Set([...TEACHER_CHECKLIST, ...PUPIL_CHECKLIST]).size).toBe(15);
    expect(TEACHER_CHECKLIST).toContain('talks.teacher.privateRoom');
    expect(PUPIL_CHECKLIST).toContain('talks.pupil.privateRoom');
    expect(ONE_TO_ONE_NOTE).toBe('talks.oneToOne');
  });

  // SPEC §4: "Channel posts and reminders never contain pupil names"; the roster is the kontaktlærer's own
  it('the class roster has at most 40 pupils with valid, distinct names', () => {
    expect(validatePupils([{ name: ' ', under18: true }, { name: 'x'.repeat(ROSTER_LIMITS.name + 1), under18: true }])).toEqual([
      { index: 0, field: 'name', problem: 'required' },
      { index: 1, field: 'name', problem: 'tooLong', limit: 80 },
    ]);
    const r = roster();
    expect(validatePupils([{ name: 'ola  NORDMANN', under18: true }], r.pupils)).toEqual([{ index: 0, field: 'name', problem: 'duplicate' }]);
    const many = Array.from({ length: 38 }, (_, i) => ({ name: `Elev ${i}`, under18: true }));
    expect(validatePupils(many, r.pupils).map((e) => e.problem)).toEqual(['tooMany']);
    expect(code(() => addPupils(kari, r, many, many.map((_, i) => `n${i}`)))).toBe('common.INVALID_INPUT');
    expect(code(() => addPupils(kari, r, [{ name: 'Nora', under18: true }], ['p1']))).toBe('common.INVALID_INPUT'); // id taken
  });
});

describe('the class list changes during the year (003: "Hver elev skal være knyttet til en lærer (kontaktlærer)")', () => {
  const at = (today: string) => ({ today, calendar: cal });

  it('a name written wrong is corrected and the pupil keeps the conversations registered for them', () => {
    const r = roster();
    let done = mark(r, [], { kind: 'startsamtale', subjectId: 'p3' }).done;
    done = mark(r, done, { kind: 'elevsamtale_host', subjectId: 'p3', on: '2026-10-20' }).done;
    const renamed = updatePupil(kari, r, 'p3', { name: 'Jonas  Berg-Li', under18: false });
    expect(renamed.pupils[2]).toEqual({ pupilId: 'p3', name: 'Jonas Berg-Li', under18: false });
    expect(progress(renamed, done, 'startsamtale', at('2026-11-01'))).toEqual({ done: 1, total: 3, overdue: 2 });
    expect(progress(renamed, done, 'elevsamtale_host', at('2026-11-01')).done).toBe(1);
    // A name another pupil has, an empty one, or someone else's class: nothing changes.
    expect(code(() => updatePupil(kari, r, 'p3', { name: 'ola nordmann', under18: false }))).toBe('common.INVALID_INPUT');
    expect(code(() => updatePupil(kari, r, 'p3', { name: '  ', under18: false }))).toBe('common.INVALID_INPUT');
    expect(code(() => updatePupil(kari, r, 'nobody', { name: 'Nora', under18: false }))).toBe('common.INVALID_INPUT');
    expect(code(() => updatePupil(per, r, 'p3', { name: 'Nora', under18: false }))).toBe('common.NO_ROLE');
    // Keeping the same name (another case, one more space) is no duplicate of itself.
    expect(updatePupil(kari, r, 'p1', { name: 'OLA  Nordmann', under18: true }).pupils[0].name).toBe('OLA Nordmann');
  });

  it('a pupil who leaves the class leaves nothing behind: the name, their conversations and varsler go, the class hours stay', () => {
    const r = roster();
    let done = mark(r, [], { kind: 'startsamtale', subjectId: 'p2' }).done;
    done = mark(r, done, { kind: 'startsamtale', subjectId: 'p1' }).done;
    done = mark(r, done, { kind: 'klassens_time', subjectId: '2026-08', on: '2026-08-27' }).done;
    const warnings = registerWarning(kari, r, [], { pupilId: 'p2', area: 'atferd', on: '2026-10-20' }).warnings;
    const after = removePupil(kari, { roster: r, done, warnings }, 'p2');
    expect(after.roster.pupils.map((p) => p.pupilId)).toEqual(['p1', 'p3']);
    expect(JSON.stringify(after)).not.toContain('Kari Hansen');
    expect(JSON.stringify(after)).not.toContain('p2');
    expect(after.done.map((d) => d.subjectId)).toEqual(['p1', '2026-08']);
    expect(after.warnings).toEqual([]);
    expect(progress(after.roster, after.done, 'startsamtale', at('2026-08-20'))).toEqual({ done: 1, total: 2, overdue: 0 });
    expect(code(() => removePupil(kari, after, 'p2'))).toBe('common.INVALID_INPUT'); // already gone
    expect(code(() => removePupil(per, { roster: r, done, warnings }, 'p2'))).toBe('common.NO_ROLE');
  });

  // 003: "Gjennomføre startsamtaler med elevene i løpet av de to første ukene" – a pupil's own first two weeks
  it('a pupil who comes after the start of the year has the startsamtale within two school weeks of the day they came', () => {
    const r = addPupils(kari, roster(), [{ name: 'Lise Ås', under18: true, joinedOn: '2026-11-25' }], ['p4']);
    const window = joinerStartWindow('2026-11-25', 2026, cal);
    expect(window).toEqual({ kind: 'startsamtale', opens: '2026-11-25', due: '2026-12-08' }); // the 10th school day, the first included
    expect(startsamtaleDue(r.pupils[3], 2026, cal)).toBe('2026-12-08');
    expect(startsamtaleDue(r.pupils[0], 2026, cal)).toBe('2026-08-28');
    // The others are late; Lise is not, until her own day has passed.
    expect(progress(r, [], 'startsamtale', at('2026-12-01'))).toEqual({ done: 0, total: 4, overdue: 3 });
    expect(progress(r, [], 'startsamtale', at('2026-12-09'))).toEqual({ done: 0, total: 4, overdue: 4 });
    // She is reminded of Lise the day Lise comes, a school week before and on her day.
    const lise = (today: string) => remindersDue(today, r, [], cal).personal.filter((p) => p.kind === 'startsamtale' && p.due === '2026-12-08');
    expect(lise('2026-11-25')).toEqual([{ kind: 'startsamtale', due: '2026-12-08', overdue: false, pupilIds: ['p4'], done: 0, total: 1 }]);
    expect(lise('2026-12-01')).toHaveLength(1);
    expect(lise('2026-12-08')).toHaveLength(1);
    expect(lise('2026-11-26')).toEqual([]);
    // Came on a Saturday in the autumn break's weekend: counted from the next school day.
    expect(joinerStartWindow('2026-10-03', 2026, cal)).toEqual({ kind: 'startsamtale', opens: '2026-10-05', due: '2026-10-16' });
  });

  it('a pupil who came in the first days of school goes with the class; one who came later than a round is not counted in it', () => {
    expect(joinerStartWindow('2026-08-17', 2026, cal)).toBeUndefined(); // the first school day
    expect(joinerStartWindow('2026-08-01', 2026, cal)).toBeUndefined();
    const r = addPupils(kari, roster(), [{ name: 'Lise Ås', under18: true, joinedOn: '2027-01-11' }], ['p4']);
    // The autumn elevsamtale and the first half-year's parent offer were due before she came.
    expect(progress(r, [], 'elevsamtale_host', at('2027-01-12')).total).toBe(3);
    expect(progress(r, [], 'foreldresamtale_tilbud', at('2027-01-12')).total).toBe(2);
    expect(progress(r, [], 'elevsamtale_var', at('2027-01-12')).total).toBe(4);
    // A start day outside the school year is refused.
    expect(validatePupils([{ name: 'Nora', under18: true, joinedOn: '2027-08-20' }], r.pupils, 2026)).toEqual([{ index: 0, field: 'joinedOn', problem: 'notThisYear' }]);
    expect(code(() => updatePupil(kari, r, 'p4', { name: 'Lise Ås', under18: true, joinedOn: '2025-11-01' }))).toBe('common.INVALID_INPUT');
    // Correcting her start day (she was there from the start after all) puts her back with the class.
    const fixed = updatePupil(kari, r, 'p4', { name: 'Lise Ås', under18: true });
    expect(fixed.pupils[3]).toEqual({ pupilId: 'p4', name: 'Lise Ås', under18: true });
    expect(progress(fixed, [], 'elevsamtale_host', at('2027-01-12')).total).toBe(4);
  });
});

// 003: "Varsle elever om fare for nedsatt karakter i orden og adferd så snart som mulig" and "sjekke at
// alle varsler til elever angående karakterer, vurderinger blir levert ut i god tid"
describe('varsel om fare for nedsatt karakter i orden og atferd (003)', () => {
  it('the kontaktlærer registers that a pupil was warned, once per area and half-year, and sees them counted', () => {
    const r = roster();
    let w = registerWarning(kari, r, [], { pupilId: 'p1', area: 'orden', on: '2026-10-20' });
    expect(w.changed).toBe(true);
    expect(w.warnings).toEqual([{ pupilId: 'p1', area: 'orden', on: '2026-10-20', by: 'kari' }]);
    const again = registerWarning(kari, r, w.warnings, { pupilId: 'p1', area: 'orden', on: '2026-11-20' });
    expect(again.changed).toBe(false);
    w = registerWarning(kari, r, w.warnings, { pupilId: 'p1', area: 'atferd', on: '2026-11-20' });
    w = registerWarning(kari, r, w.warnings, { pupilId: 'p1', area: 'orden', on: '2027-03-01' }); // the spring half-year
    expect(w.warnings).toHaveLength(3);
    expect(termOf('2026-12-18')).toBe('host');
    expect(termOf('2027-01-04')).toBe('var');
    expect(warningCounts(w.warnings, '2027-03-02')).toEqual({ orden: 2, atferd: 1, thisTerm: 1 });
  });

  it('only the class’s kontaktlærer registers a varsel, for a pupil on the list, in this school year', () => {
    const r = roster();
    const input = { pupilId: 'p1', area: 'orden' as const, on: '2026-10-20' };
    for (const actor of [per, rektor, elsewhere, undefined]) expect(code(() => registerWarning(actor, r, [], input))).toBe('common.NO_ROLE');
    expect(code(() => registerWarning(kari, r, [], { ...input, pupilId: 'nobody' }))).toBe('common.INVALID_INPUT');
    expect(code(() => registerWarning(kari, r, [], { ...input, area: 'flid' as never }))).toBe('common.INVALID_INPUT');
    expect(code(() => registerWarning(kari, r, [], { ...input, on: '2027-08-20' }))).toBe('common.INVALID_INPUT');
  });

  it('the seed names no date for the varsel ("så snart som mulig"), so it adds no deadline and no reminder', () => {
    const r = roster();
    const warnings = registerWarning(kari, r, [], { pupilId: 'p1', area: 'orden', on: '2026-10-20' }).warnings;
    expect(TALK_KINDS).not.toContain('varsel' as never);
    expect(JSON.stringify(remindersDue('2026-11-02', r, [], cal))).not.toContain('orden');
    expect(warnings[0]).not.toHaveProperty('due');
  });
});
