/**
 * The whole access matrix of a skolemiljø case (SPEC §4, taushetsplikt): every role × every action
 * × every situation a case can be in. The expectations are written out by hand below, never
 * computed with decide(); a failure names the situation, the role and the action.
 */
import { CASE_ACTIONS as ACTIONS, decideCase as decide, type CaseAction as Action } from '../../src/domain/policy/case';
import type { Decision } from '../../src/domain/policy/types';
import { forwardCase, openCase, reclassify, type SkolemiljoCase } from '../../src/domain/case';
import { closeCase, connectMember, EMPTY_CASEWORK, evaluatePlan, isFormErrors, makePlan, recordInvestigation } from '../../src/domain/casework';
import type { Membership, Role } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';

const T = 'tenant';
const SCHOOL = 'ellingsrud';
const NOW = '2026-11-24T09:30:00.000Z';
const TODAY = '2026-11-24';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: SCHOOL, userId, name: userId, roles, classes: [], trinn: [], ...o });

const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const mona = m('mona', ['ansatt', 'avdelingsleder'], { trinn: [9, 10] });
const sara = m('sara', ['ansatt', 'miljoteam']);
const siri = m('siri', ['ansatt', 'miljoteam']);
const per = m('per', ['ansatt', 'kontaktlaerer'], { classes: ['8B'] });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['8A'] });
const jon = m('jon', ['skoleeier']);
const eva = m('eva', ['ansatt', 'rektor'], { schoolId: 'nordberg' });

/** Every role of the matrix: the membership stored for the case's school (undefined: none) and the user id. */
const WHO = {
  rektor: { membership: rektor, userId: 'rektor' },
  'nærmeste leder (the case is forwarded to lars)': { membership: lars, userId: 'lars' },
  'another avdelingsleder': { membership: mona, userId: 'mona' },
  'connected miljøteam': { membership: sara, userId: 'sara' },
  'miljøteam not connected': { membership: siri, userId: 'siri' },
  'ordinary ansatt/kontaktlærer': { membership: per, userId: 'per' },
  'the reporter (ansatt)': { membership: kari, userId: 'kari' },
  skoleeier: { membership: jon, userId: 'jon' },
  'rektor of another school': { membership: eva, userId: 'eva' },
  'a pupil (no membership)': { membership: undefined, userId: 'elev-ola' },
} as const;
type Who = keyof typeof WHO;

const report = (o: Partial<Report> = {}): Report => ({
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false, ...o,
});
const opened = (o: Partial<Report> = {}): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId: SCHOOL, caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report: report(o), suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
const ok = <R>(r: R | unknown[]): R => {
  if (isFormErrors(r)) throw new Error(`form errors: ${JSON.stringify(r)}`);
  return r as R;
};
/** Rektor forwards to lars, lars connects sara: the way a case reaches the casework. */
const forwardedWithSara = (c: SkolemiljoCase): SkolemiljoCase => connectMember(forwardCase(c, rektor, lars, NOW).case, lars, sara, NOW).case;
/** Sara listed as connected although connectMember could never have done it (before forwarding, or a leadership case): the rule must hold anyway. */
const asIfConnected = (c: SkolemiljoCase): SkolemiljoCase => ({ ...c, work: { ...EMPTY_CASEWORK, members: [{ userId: 'sara', at: NOW, by: 'rektor' }] } });

const closed = (): SkolemiljoCase => {
  let c = forwardedWithSara(opened());
  c = ok(recordInvestigation(c, lars, { methods: ['samtale_elev'], findings: 'Ola opplever å bli holdt utenfor i friminuttene.' }, NOW)).case;
  const plan = { problem: 'Ola er alene i friminuttene.', measures: [{ level: 'individ', description: 'Voksen i nærheten', when: 'hvert friminutt', responsibleId: 'per' }], evaluationDate: '2026-12-15', pupilView: 'Vil ha noen å være med.', parentsView: '', bestInterests: 'Trygghet først.', proposalsNotChosen: 'nei' };
  c = ok(makePlan(c, lars, plan, { staff: [per], today: TODAY, now: NOW })).case;
  c = ok(evaluatePlan(c, lars, { outcome: 'avslutte', note: 'Ola har det bra nå.', nextEvaluationDate: '', dialogue: { pupil: { tookPart: 'ja', why: '' }, parents: { tookPart: 'ja', why: '' }, teacher: { tookPart: 'ja', why: '' } } }, { today: '2026-12-15', now: NOW })).case;
  return ok(closeCase(c, lars, { pupilDoingWell: true, adultsNotWorried: true, note: '' }, NOW)).case;
};

const SITUATIONS = {
  '(a) own school, ordinary case just reported (meldt)': asIfConnected(opened()),
  '(b) own school, forwarded to the nærmeste leder (videresendt)': forwardedWithSara(opened()),
  '(c) forwarded, skjerpet, school owner notified (varslet)': forwardedWithSara(opened({ staffSuspected: true })),
  '(c2) forwarded, a §12-5 report rektor reclassified (omklassifisert; the owner was told)': forwardedWithSara(reclassify(opened({ staffSuspected: true }), rektor, 'Ingen ansatt er involvert.', NOW).case),
  '(d) someone in the school leadership suspected (route ledelse)': asIfConnected(opened({ leadershipSuspected: true, staffSuspected: true })),
  '(e) closed case (avsluttet)': closed(),
} satisfies Record<string, SkolemiljoCase>;
type Situation = keyof typeof SITUATIONS;

/*
 * The matrix. One token per action, in the order of ACTIONS:
 *   ja   allowed
 *   xx:y refused with code xx and "ask y":
 *        nf = common.NOT_FOUND (existence not revealed), nr = common.NO_ROLE, fw = case.NOT_FORWARDED, cc = common.CLOSED
 *        r = rektor, l = leder, s = skoleeier, i = ingen
 */
const HEADER = 'se_status se_sak videresende markere_alvorlig omklassifisere informere_elev kalle_inn koble_til registrere_undersokelse lage_plan evaluere avslutte eksportere';
const NF_ALL = 'nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i';
const OTHER_SCHOOL = 'nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i nf:i';

/*                                           status sak  videre alvor omkla infor kalle koble under plan evalu avslut ekspor */
const ORDINARY_FORWARDED: Record<Who, string> = {
  rektor:                                           'ja   ja   ja   ja   ja   ja   nr:l ja   ja   ja   ja   ja   ja',
  'nærmeste leder (the case is forwarded to lars)': 'ja   ja   nr:r nr:r nr:r ja   ja   ja   ja   ja   ja   ja   ja',
  'another avdelingsleder':                         NF_ALL,
  'connected miljøteam':                            'ja   ja   nr:r nr:r nr:r nr:l nr:l nr:l nr:l nr:l nr:l nr:l nr:l',
  'miljøteam not connected':                        NF_ALL,
  'ordinary ansatt/kontaktlærer':                   NF_ALL,
  'the reporter (ansatt)':                          'ja   nr:r nr:r nr:r nr:r nr:l nr:r nr:r nr:r nr:r nr:r nr:r nr:l',
  skoleeier:                                        NF_ALL,
  'rektor of another school':                       OTHER_SCHOOL,
  'a pupil (no membership)':                        OTHER_SCHOOL,
};

const MATRIX: Record<Situation, Record<Who, string>> = {
  '(a) own school, ordinary case just reported (meldt)': {
    // Rektor forwards first; she is not told to ask herself.
    rektor:                                           'ja   ja   ja   ja   ja   ja   fw:i fw:i fw:i fw:i fw:i fw:i ja',
    // Only suggested, not yet given the case: sees nothing.
    'nærmeste leder (the case is forwarded to lars)': NF_ALL,
    'another avdelingsleder':                         NF_ALL,
    'connected miljøteam':                            'ja   ja   nr:r nr:r nr:r nr:l fw:r fw:r fw:r fw:r fw:r fw:r nr:l',
    'miljøteam not connected':                        NF_ALL,
    'ordinary ansatt/kontaktlærer':                   NF_ALL,
    'the reporter (ansatt)':                          'ja   nr:r nr:r nr:r nr:r nr:l nr:r nr:r nr:r nr:r nr:r nr:r nr:l',
    skoleeier:                                        NF_ALL,
    'rektor of another school':                       OTHER_SCHOOL,
    'a pupil (no membership)':                        OTHER_SCHOOL,
  },
  '(b) own school, forwarded to the nærmeste leder (videresendt)': ORDINARY_FORWARDED,
  '(c) forwarded, skjerpet, school owner notified (varslet)': {
    ...ORDINARY_FORWARDED,
    skoleeier:                                        'ja   ja   nr:r nr:r nr:r nr:l nr:l nr:l nr:l nr:l nr:l nr:l ja',
  },
  // The owner who was told keeps the case after a reclassification (and was told of that too).
  '(c2) forwarded, a §12-5 report rektor reclassified (omklassifisert; the owner was told)': {
    ...ORDINARY_FORWARDED,
    skoleeier:                                        'ja   ja   nr:r nr:r nr:r nr:l nr:l nr:l nr:l nr:l nr:l nr:l ja',
  },
  '(d) someone in the school leadership suspected (route ledelse)': {
    rektor:                                           NF_ALL,
    'nærmeste leder (the case is forwarded to lars)': NF_ALL,
    'another avdelingsleder':                         NF_ALL,
    'connected miljøteam':                            NF_ALL,
    'miljøteam not connected':                        NF_ALL,
    'ordinary ansatt/kontaktlærer':                   NF_ALL,
    'the reporter (ansatt)':                          'ja   nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s',
    skoleeier:                                        'ja   ja   nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s ja',
    'rektor of another school':                       OTHER_SCHOOL,
    'a pupil (no membership)':                        OTHER_SCHOOL,
  },
  '(e) closed case (avsluttet)': {
    // A closed case is not forwarded, marked serious or escalated any more either.
    rektor:                                           'ja   ja   cc:i cc:i cc:i cc:i cc:i cc:i cc:i cc:i cc:i cc:i ja',
    'nærmeste leder (the case is forwarded to lars)': 'ja   ja   nr:r nr:r nr:r cc:i cc:i cc:i cc:i cc:i cc:i cc:i ja',
    'another avdelingsleder':                         NF_ALL,
    'connected miljøteam':                            'ja   ja   nr:r nr:r nr:r nr:l cc:i cc:i cc:i cc:i cc:i cc:i nr:l',
    'miljøteam not connected':                        NF_ALL,
    'ordinary ansatt/kontaktlærer':                   NF_ALL,
    'the reporter (ansatt)':                          'ja   nr:r nr:r nr:r nr:r nr:l nr:r nr:r nr:r nr:r nr:r nr:r nr:l',
    skoleeier:                                        NF_ALL,
    'rektor of another school':                       OTHER_SCHOOL,
    'a pupil (no membership)':                        OTHER_SCHOOL,
  },
};

const CODES = { nf: 'common.NOT_FOUND', nr: 'common.NO_ROLE', fw: 'case.NOT_FORWARDED', cc: 'common.CLOSED' } as const;
const ASKS = { r: 'rektor', l: 'leder', s: 'skoleeier', i: 'ingen' } as const;
const expected = (token: string): Decision => {
  if (token === 'ja') return { allowed: true };
  const [code, ask] = token.split(':') as [keyof typeof CODES, keyof typeof ASKS];
  if (!(code in CODES) || !(ask in ASKS)) throw new Error(`bad token ${token}`);
  return { allowed: false, code: CODES[code], ask: ASKS[ask] };
};
const tokens = (row: string): string[] => row.trim().split(/\s+/);
const describeDecision = (d: Decision): string => (d.allowed ? 'allowed' : `refused ${d.code}, ask ${d.ask}`);

describe('the matrix itself', () => {
  it('has one column per action, in the order of ACTIONS', () => expect(HEADER.split(' ')).toEqual([...ACTIONS]));
  it('has a row for every role in every situation, one token per action', () => {
    expect(Object.keys(MATRIX)).toEqual(Object.keys(SITUATIONS));
    for (const rows of Object.values(MATRIX)) {
      expect(Object.keys(rows).sort()).toEqual(Object.keys(WHO).sort());
      for (const row of Object.values(rows)) expect(tokens(row).map((t) => describeDecision(expected(t)))).toHaveLength(ACTIONS.length);
    }
  });
  it('builds the situations as described', () => {
    const s = Object.values(SITUATIONS);
    expect(s.map((c) => [c.status, c.route, c.escalation.state])).toEqual([
      ['meldt', 'ordinaer', 'ikke_aktuell'],
      ['videresendt', 'ordinaer', 'ikke_aktuell'],
      ['videresendt', 'skjerpet', 'varslet'],
      ['videresendt', 'ordinaer', 'omklassifisert'],
      ['hos_skoleeier', 'ledelse', 'varslet'],
      ['avsluttet', 'ordinaer', 'ikke_aktuell'],
    ]);
    expect(s.map((c) => c.work?.members.map((x) => x.userId))).toEqual(s.map(() => ['sara']));
  });
});

describe.each(Object.keys(SITUATIONS) as Situation[])('%s', (situation) => {
  const c = SITUATIONS[situation];
  describe.each(Object.keys(WHO) as Who[])('%s', (who) => {
    const row = tokens(MATRIX[situation][who]);
    const cells = ACTIONS.map((action, i): [Action, string, Decision] => [action, describeDecision(expected(row[i])), expected(row[i])]);
    it.each(cells)('%s → %s', (action, _text, want) => {
      expect(decide(action, c, WHO[who].membership, WHO[who].userId)).toEqual(want);
    });
  });
});

/** The rules of SPEC §4 in words, checked across the whole table above. */
describe('SPEC §4 in words', () => {
  const all = (Object.keys(SITUATIONS) as Situation[]).flatMap((s) => (Object.keys(WHO) as Who[]).flatMap((w) => ACTIONS.map((a) => ({ s, w, a, d: decide(a, SITUATIONS[s], WHO[w].membership, WHO[w].userId) }))));
  const allowed = (f: (x: (typeof all)[number]) => boolean) => all.filter((x) => f(x) && x.d.allowed).map((x) => `${x.s} | ${x.w} | ${x.a}`);

  it('the reporter sees the status of their report in every situation, and never the case itself', () => {
    const reporter = all.filter((x) => x.w === 'the reporter (ansatt)');
    expect(reporter.filter((x) => x.a === 'se_status').every((x) => x.d.allowed)).toBe(true);
    expect(allowed((x) => x.w === 'the reporter (ansatt)' && x.a !== 'se_status')).toEqual([]);
  });
  it('no school leader (nor anyone else at the school but the school owner) sees a leadership case; it does not exist for them', () => {
    const d = '(d) someone in the school leadership suspected (route ledelse)';
    expect(allowed((x) => x.s === d && x.w !== 'skoleeier' && !(x.w === 'the reporter (ansatt)' && x.a === 'se_status'))).toEqual([]);
    for (const w of ['rektor', 'nærmeste leder (the case is forwarded to lars)', 'another avdelingsleder', 'connected miljøteam'] as Who[])
      expect(all.filter((x) => x.s === d && x.w === w).map((x) => (x.d.allowed ? 'allowed' : x.d.code))).toEqual(ACTIONS.map(() => 'common.NOT_FOUND'));
  });
  it('nobody sees or does anything with another school’s case, and is told it is not found', () => {
    const outsiders = all.filter((x) => x.w === 'rektor of another school' || x.w === 'a pupil (no membership)');
    expect(outsiders.map((x) => (x.d.allowed ? 'allowed' : x.d.code)).every((c) => c === 'common.NOT_FOUND')).toBe(true);
  });
  it('a connected miljøteam member sees the case but never decides or does the casework', () =>
    expect(allowed((x) => x.w === 'connected miljøteam' && x.a !== 'se_status' && x.a !== 'se_sak')).toEqual([]));
  it('only the nærmeste leder calls in (kalle_inn), and only once the case is forwarded and open', () =>
    expect(allowed((x) => x.a === 'kalle_inn')).toEqual([
      '(b) own school, forwarded to the nærmeste leder (videresendt) | nærmeste leder (the case is forwarded to lars) | kalle_inn',
      '(c) forwarded, skjerpet, school owner notified (varslet) | nærmeste leder (the case is forwarded to lars) | kalle_inn',
      '(c2) forwarded, a §12-5 report rektor reclassified (omklassifisert; the owner was told) | nærmeste leder (the case is forwarded to lars) | kalle_inn',
    ]));
  it('the school owner sees an ordinary-school case only once notified', () =>
    expect(allowed((x) => x.w === 'skoleeier' && x.a === 'se_sak')).toEqual([
      '(c) forwarded, skjerpet, school owner notified (varslet) | skoleeier | se_sak',
      '(c2) forwarded, a §12-5 report rektor reclassified (omklassifisert; the owner was told) | skoleeier | se_sak',
      '(d) someone in the school leadership suspected (route ledelse) | skoleeier | se_sak',
    ]));
  it('the reporter keeps the status even without a membership at the school (e.g. after changing schools), and nothing more', () => {
    const c = SITUATIONS['(b) own school, forwarded to the nærmeste leder (videresendt)'];
    expect(decide('se_status', c, undefined, 'kari')).toEqual({ allowed: true });
    expect(decide('se_sak', c, undefined, 'kari')).toEqual({ allowed: false, code: 'common.NO_ROLE', ask: 'ingen' });
  });
  it('an empty user id is never taken for the reporter', () => {
    const c = { ...SITUATIONS['(b) own school, forwarded to the nærmeste leder (videresendt)'], reporterId: '' };
    expect(decide('se_status', c, undefined, '')).toEqual({ allowed: false, code: 'common.NOT_FOUND', ask: 'ingen' });
  });
});

describe('found in review, now rules', () => {
  it('a connected member who is no longer in the miljøteam or an elevrådgiver no longer sees the case', () => {
    const c = SITUATIONS['(b) own school, forwarded to the nærmeste leder (videresendt)'];
    const { membership, userId } = WHO['connected miljøteam'];
    expect(decide('se_sak', c, membership, userId).allowed).toBe(true);
    const left = { ...membership!, roles: ['ansatt' as const] };
    expect(decide('se_sak', c, left, userId)).toEqual({ allowed: false, code: 'common.NOT_FOUND', ask: 'ingen' });
  });
});
