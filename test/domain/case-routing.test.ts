/** Who gets what, and who may do what, on a skolemiljø case (SPEC §3.1.2, §4; opplæringsloven §12-4, §12-5). */
import { decideEscalation, forwardCase, markSerious, NOTE_LIMIT, openCase, routeOf, SkolemiljoCase } from '../../src/domain/case';
import { DomainError } from '../../src/domain/errors';
import type { Membership, Role } from '../../src/domain/people';
import { formatRef, REF_PATTERN } from '../../src/domain/reference';
import type { Report } from '../../src/domain/report';
import { actorsFor, noticesForNewCase, suggestLeader, viewOf } from '../../src/domain/routing';

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
  it('is skjerpet when a staff member is suspected (§12-5), and waits for rektor’s decision on the school owner', () => {
    const c = newCase({ staffSuspected: true });
    expect([routeOf(c.report), c.status, c.escalation.state]).toEqual(['skjerpet', 'meldt', 'venter']);
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
    const s = markSerious(c, rektor, NOW).case;
    expect(viewOf(decideEscalation(s, rektor, true, '', NOW).case, jon, 'jon')).toBe('full');
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
    expect(code(() => forwardCase(r.case, rektor, mona, NOW))).toBe('ALREADY_FORWARDED');
  });
  it('only rektor of the case’s school may forward', () => {
    expect(code(() => forwardCase(newCase(), kari, lars, NOW))).toBe('NO_ROLE');
    expect(code(() => forwardCase(newCase(), otherRektor, lars, NOW))).toBe('NO_ROLE');
    expect(code(() => forwardCase(newCase(), undefined, lars, NOW))).toBe('NO_ROLE');
  });
  it('forwards only to an avdelingsleder at the same school', () => {
    expect(code(() => forwardCase(newCase(), rektor, tone, NOW))).toBe('LEADER_INVALID');
    expect(code(() => forwardCase(newCase(), rektor, m('x', ['avdelingsleder'], { schoolId: 'nordberg' }), NOW))).toBe('LEADER_INVALID');
  });
  it('not notifying the school owner in a skjerpet case needs a written reason', () => {
    const c = newCase({ staffSuspected: true });
    expect(code(() => decideEscalation(c, rektor, false, '   ', NOW))).toBe('INVALID_INPUT');
    const r = decideEscalation(c, rektor, false, ' Forholdet er avklart med foresatte. ', NOW);
    expect([r.case.escalation.state, r.case.escalation.note, r.log.action]).toEqual(['ikke_varslet', 'Forholdet er avklart med foresatte.', 'skoleeier_ikke_varslet']);
  });
  it('notifying the school owner is decided once', () => {
    const r = decideEscalation(newCase({ staffSuspected: true }), rektor, true, '', NOW);
    expect(r.case.escalation.state).toBe('varslet');
    expect(code(() => decideEscalation(r.case, rektor, false, 'angrer', NOW))).toBe('ALREADY_DECIDED');
  });
  it('a note longer than the limit is refused', () =>
    expect(code(() => decideEscalation(newCase({ staffSuspected: true }), rektor, true, 'x'.repeat(NOTE_LIMIT + 1), NOW))).toBe('INVALID_INPUT'));
  it('an ordinary case needs marking as especially serious before the escalation decision', () => {
    expect(code(() => decideEscalation(newCase(), rektor, true, '', NOW))).toBe('NOT_ESCALATION_CASE');
    expect(markSerious(newCase(), rektor, NOW).case.escalation.state).toBe('venter');
  });
  it('nobody in the school acts on a leadership case', () => {
    const c = newCase({ leadershipSuspected: true });
    expect(code(() => forwardCase(c, rektor, lars, NOW))).toBe('NO_ROLE');
    expect(code(() => markSerious(c, rektor, NOW))).toBe('NO_ROLE');
  });
});

describe('references', () => {
  it('are SM-year-number with four digits at least', () => {
    expect(formatRef(2026, 42)).toBe('SM-2026-0042');
    expect(formatRef(2026, 12345)).toBe('SM-2026-12345');
    expect(REF_PATTERN.test(formatRef(2026, 12345))).toBe(true);
  });
});
