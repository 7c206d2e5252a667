/** Who gets what, and who may do what, on a skolemiljø case (SPEC §3.1.2, §4; opplæringsloven §12-4, §12-5). */
import { forwardCase, markSerious, NOTE_LIMIT, openCase, reclassify, routeOf, SkolemiljoCase } from '../../src/domain/case';
import { DomainError } from '../../src/domain/errors';
import type { Membership, Role } from '../../src/domain/people';
import { formatRef, REF_PATTERN } from '../../src/domain/reference';
import type { Report } from '../../src/domain/report';
import { actorsFor, noticesForNewCase, noticesToOwner, suggestLeader, unreachable, viewOf } from '../../src/domain/routing';
import { investigationDaysFor } from '../../src/domain/school';

const T = 'tenant';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: 'ellingsrud', userId, name: userId, roles, classes: [], trinn: [], ...o });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['8A'] });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const mona = m('mona', ['ansatt', 'avdelingsleder'], { trinn: [9, 10] });
const tone = m('tone', ['ansatt', 'postfordeler']);
const sara = m('sara', ['ansatt', 'miljoteam']);
const jon = m('jon', ['skoleeier']);
const otherRektor = m('eva', ['ansatt', 'rektor'], { schoolId: 'nordberg' });
const staff = [kari, rektor, lars, mona, tone, sara, jon, otherRektor];
const classes = [{ tenantId: T, schoolId: 'ellingsrud', name: '8A', trinn: 8 }, { tenantId: T, schoolId: 'ellingsrud', name: '9B', trinn: 9 }];

const report = (o: Partial<Report> = {}): Report => ({
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false, ...o,
});
const NOW = '2026-11-24T09:30:00.000Z';
const newCase = (o: Partial<Report> = {}): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report: report(o), suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

describe('routing a new report', () => {
  it('goes to rektor with details and to the postfordeler without', () => {
    expect(noticesForNewCase(newCase(), staff)).toEqual([{ recipientId: 'rektor', kind: 'rektor' }, { recipientId: 'tone', kind: 'postfordeler' }]);
  });
  it('never reaches a rektor of another school', () => expect(noticesForNewCase(newCase(), staff).map((n) => n.recipientId)).not.toContain('eva'));
  // 004 §8.3: «Ved mistanke om eller kjennskap til at en ansatt krenker en elev […] skal rektor varsle UDA»;
  // opplæringslova § 12-5: «Rektor skal varsle skoleeigaren». «Skal»: there is no decision to wait for.
  it('is skjerpet when a staff member is suspected (§12-5), and the school owner gets it at the same moment as rektor', () => {
    const c = newCase({ staffSuspected: true });
    expect([routeOf(c.report), c.status, c.escalation.state, c.escalation.reason]).toEqual(['skjerpet', 'meldt', 'varslet', 'skjerpet']);
    expect(noticesForNewCase(c, staff)).toEqual([{ recipientId: 'rektor', kind: 'rektor' }, { recipientId: 'tone', kind: 'postfordeler' }, { recipientId: 'jon', kind: 'skoleeier' }]);
    expect(viewOf(c, jon, 'jon')).toBe('full');
  });
  it('records in the log that the school owner was told with a §12-5 report', () => {
    const o = openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report: report({ staffSuspected: true }), suggestedLeaderId: 'lars', investigationDue: '2026-12-01' });
    expect(o.logs.map((e) => [e.action, e.at])).toEqual([['meldt', NOW], ['skoleeier_varslet', NOW]]);
  });
  it('never routes to nobody: with no school-owner contact or no rektor, the notice waits for the role', () => {
    const noOwner = staff.filter((x) => x !== jon);
    expect(noticesForNewCase(newCase({ leadershipSuspected: true }), noOwner)).toEqual([{ recipientId: 'role:skoleeier', kind: 'skoleeier' }]);
    expect(noticesForNewCase(newCase({ staffSuspected: true }), noOwner)).toContainEqual({ recipientId: 'role:skoleeier', kind: 'skoleeier' });
    expect(noticesForNewCase(newCase(), [kari, jon])).toEqual([{ recipientId: 'role:rektor', kind: 'rektor' }]);
    expect(unreachable(newCase({ leadershipSuspected: true }), noOwner)).toEqual(['skoleeier']);
    expect(unreachable(newCase({ staffSuspected: true }), [kari])).toEqual(['rektor', 'skoleeier']);
    expect(unreachable(newCase(), staff)).toEqual([]);
  });
  // § 12-5 «straks»: at most one school day (a school setting, the next school day by default).
  it('gives a skjerpet case at most one school day to investigate, whatever the school’s usual deadline', () => {
    expect(investigationDaysFor({ investigationDays: 5 }, 'skjerpet')).toBe(1);
    expect(investigationDaysFor({ investigationDays: 5, urgentInvestigationDays: 0 }, 'skjerpet')).toBe(0);
    expect(investigationDaysFor({ investigationDays: 5, urgentInvestigationDays: 3 }, 'skjerpet')).toBe(1);
    expect(investigationDaysFor({ investigationDays: 5 }, 'ordinaer')).toBe(5);
  });
  it('goes to the school owner only when someone in the leadership is suspected — no school leader is told', () => {
    const c = newCase({ leadershipSuspected: true, staffSuspected: true });
    expect(c.route).toBe('ledelse');
    expect(noticesForNewCase(c, staff)).toEqual([{ recipientId: 'jon', kind: 'skoleeier' }]);
    expect(c.leaderId).toBe('');
    expect([viewOf(c, rektor, 'rektor'), viewOf(c, lars, 'lars'), viewOf(c, tone, 'tone')]).toEqual(['none', 'none', 'none']);
    expect(viewOf(c, jon, 'jon')).toBe('full');
    expect(actorsFor(c, staff)).toEqual([]);
  });
  it('suggests the avdelingsleder of the pupil’s trinn', () => {
    expect(suggestLeader('8A', classes, staff)).toBe('lars');
    expect(suggestLeader('9B', classes, staff)).toBe('mona');
  });
  it('suggests some avdelingsleder when the class has no trinn leader, and none when the school has none', () => {
    expect(suggestLeader('ukjent', classes, staff)).toBe('lars');
    expect(suggestLeader('8A', classes, [kari, rektor])).toBe('');
  });
});

describe('who sees what', () => {
  const c = newCase();
  it('rektor sees the whole case', () => expect(viewOf(c, rektor, 'rektor')).toBe('full'));
  it('the reporter sees the status only', () => expect(viewOf(c, kari, 'kari')).toBe('status'));
  it('the postfordeler, miljøteam and an avdelingsleder not yet given the case see nothing', () =>
    expect([viewOf(c, tone, 'tone'), viewOf(c, sara, 'sara'), viewOf(c, lars, 'lars')]).toEqual(['none', 'none', 'none']));
  it('a rektor of another school sees nothing', () => expect(viewOf(c, otherRektor, 'eva')).toBe('none'));
  it('the nærmeste leder sees the case once it is forwarded to them', () => {
    const f = forwardCase(c, rektor, lars, NOW).case;
    expect([viewOf(f, lars, 'lars'), viewOf(f, mona, 'mona')]).toEqual(['full', 'none']);
  });
  it('the school owner sees an ordinary case only when notified', () => {
    expect(viewOf(c, jon, 'jon')).toBe('none');
    expect(viewOf(markSerious(c, rektor, NOW).case, jon, 'jon')).toBe('full');
  });
  it('only rektor gets the buttons while the case waits for her; once forwarded, the leader (and rektor, who may step in)', () => {
    expect(actorsFor(c, staff)).toEqual(['rektor']);
    expect(actorsFor(forwardCase(c, rektor, lars, NOW).case, staff)).toEqual(['lars', 'rektor']);
  });
});

describe('rektor’s decisions', () => {
  it('forwarding records who, to whom and when, once', () => {
    const r = forwardCase(newCase(), rektor, lars, NOW);
    expect([r.case.status, r.case.leaderId, r.case.forwardedBy, r.case.forwardedAt, r.log.action]).toEqual(['videresendt', 'lars', 'rektor', NOW, 'videresendt']);
    expect(code(() => forwardCase(r.case, rektor, mona, NOW))).toBe('case.ALREADY_FORWARDED');
  });
  it('only rektor of the case’s school may forward', () => {
    expect(code(() => forwardCase(newCase(), kari, lars, NOW))).toBe('common.NO_ROLE');
    expect(code(() => forwardCase(newCase(), otherRektor, lars, NOW))).toBe('common.NO_ROLE');
    expect(code(() => forwardCase(newCase(), undefined, lars, NOW))).toBe('common.NO_ROLE');
  });
  it('forwards only to an avdelingsleder at the same school', () => {
    expect(code(() => forwardCase(newCase(), rektor, tone, NOW))).toBe('common.LEADER_INVALID');
    expect(code(() => forwardCase(newCase(), rektor, m('x', ['avdelingsleder'], { schoolId: 'nordberg' }), NOW))).toBe('common.LEADER_INVALID');
  });
  it('marking a case especially serious tells the school owner at once, with no second step', () => {
    const r = markSerious(newCase(), rektor, NOW);
    expect([r.case.escalation.state, r.case.escalation.reason, r.case.escalation.by, r.log.action]).toEqual(['varslet', 'alvorlig', 'rektor', 'markert_alvorlig']);
    expect(noticesToOwner(r.case, staff, 'skoleeier')).toEqual([{ recipientId: 'jon', kind: 'skoleeier' }]);
    expect(code(() => markSerious(r.case, rektor, NOW))).toBe('case.ALREADY_DECIDED');
  });
  it('a wrongly marked §12-5 report is reclassified only with a reason, which the log keeps and the owner is told', () => {
    const c = newCase({ staffSuspected: true });
    expect(code(() => reclassify(c, rektor, '   ', NOW))).toBe('common.INVALID_INPUT');
    expect(code(() => reclassify(c, rektor, '\u200b', NOW))).toBe('common.INVALID_INPUT');
    expect(code(() => reclassify(c, rektor, 'x'.repeat(NOTE_LIMIT + 1), NOW))).toBe('common.INVALID_INPUT');
    expect(code(() => reclassify(c, lars, 'Ingen ansatt involvert.', NOW))).toBe('common.NO_ROLE');
    const r = reclassify(c, rektor, ' Det var en vikar fra et annet firma, ikke en ansatt. ', NOW);
    expect([r.case.route, r.case.escalation.state, r.case.escalation.note, r.log.action, r.log.detail]).toEqual([
      'ordinaer', 'omklassifisert', 'Det var en vikar fra et annet firma, ikke en ansatt.', 'omklassifisert', 'Det var en vikar fra et annet firma, ikke en ansatt.',
    ]);
    expect(noticesToOwner(r.case, staff, 'omklassifisert')).toEqual([{ recipientId: 'jon', kind: 'omklassifisert' }]);
    // The owner who had the report keeps it: a reclassification is never a silent disappearance.
    expect(viewOf(r.case, jon, 'jon')).toBe('full');
    expect(code(() => reclassify(r.case, rektor, 'igjen', NOW))).toBe('case.NOT_ESCALATION_CASE');
  });
  it('only a §12-5 report can be reclassified; an ordinary one cannot be "downgraded" at all', () =>
    expect(code(() => reclassify(markSerious(newCase(), rektor, NOW).case, rektor, 'Likevel ikke alvorlig.', NOW))).toBe('case.NOT_ESCALATION_CASE'));
  it('nobody in the school acts on a leadership case', () => {
    const c = newCase({ leadershipSuspected: true });
    expect(code(() => forwardCase(c, rektor, lars, NOW))).toBe('common.NO_ROLE');
    expect(code(() => markSerious(c, rektor, NOW))).toBe('common.NO_ROLE');
  });
});

describe('references', () => {
  it('are SM-year-number with four digits at least', () => {
    expect(formatRef(2026, 42)).toBe('SM-2026-0042');
    expect(formatRef(2026, 12345)).toBe('SM-2026-12345');
    expect(REF_PATTERN.test(formatRef(2026, 12345))).toBe(true);
  });
});
