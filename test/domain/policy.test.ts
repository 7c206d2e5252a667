/**
 * The one policy (src/domain/policy) over every record type: every role × every action × every
 * situation, cell by cell. The expected tables are written out by hand from SPEC §1/§3/§4 and the
 * seeds (000 teaching complaint, 001 staff complaint, 002/003 kontaktlærer duties and leave, 004
 * skolemiljø), never computed with decide(); a failure names record type, situation, role, action.
 *
 * «leadership suspected» is a route of the skolemiljø case only (SPEC §4), so it is a situation of
 * the case and of its parts (meetings, export); the other records have own school / closed /
 * another school. Roles include a pupil, an unknown user, a user from another tenant and someone
 * who lost the role (Lars, still named on the records, now only «ansatt»).
 */
import { forwardCase, openCase, type SkolemiljoCase } from '../../src/domain/case';
import { closeCase, connectMember, evaluatePlan, isFormErrors, makePlan, recordInvestigation } from '../../src/domain/casework';
import type { TeachingComplaint } from '../../src/domain/complaint-records';
import type { LeaveRequest } from '../../src/domain/leave';
import type { Membership, Role } from '../../src/domain/people';
import { decide, POLICY_ACTIONS, type Decision, type PolicyRecord, type RecordType, type Subject } from '../../src/domain/policy';
import type { Report } from '../../src/domain/report';
import type { StaffComplaint } from '../../src/domain/staff-complaint';

const T = 'tenant';
const OTHER_T = 'another-tenant';
const E = 'ellingsrud';
const N = 'nordberg';
const NOW = '2026-11-24T09:30:00.000Z';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: E, userId, name: userId, roles, classes: [], trinn: [], ...o });

/** Each role: who they are and every membership they have (the policy gets the one at the record's school). */
const WHO = {
  rektor: { userId: 'ragnhild', ms: [m('ragnhild', ['ansatt', 'rektor'])] },
  'leder (Lars, responsible)': { userId: 'lars', ms: [m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] })] },
  'another avdelingsleder': { userId: 'mona', ms: [m('mona', ['ansatt', 'avdelingsleder'], { trinn: [9, 10] })] },
  'kontaktlærer 8A (Kari: reporter, registrar)': { userId: 'kari', ms: [m('kari', ['ansatt', 'kontaktlaerer', 'faglaerer'], { classes: ['8A'] })] },
  'faglærer (Per: the teacher, the employee)': { userId: 'per', ms: [m('per', ['ansatt', 'faglaerer']), m('per', ['ansatt', 'kontaktlaerer'], { schoolId: N, classes: ['5B'] })] },
  'connected miljøteam': { userId: 'sara', ms: [m('sara', ['ansatt', 'miljoteam'])] },
  elevrådgiver: { userId: 'ingrid', ms: [m('ingrid', ['ansatt', 'elevradgiver'])] },
  postfordeler: { userId: 'tone', ms: [m('tone', ['ansatt', 'postfordeler'])] },
  skoleeier: { userId: 'jon', ms: [m('jon', ['skoleeier']), m('jon', ['skoleeier'], { schoolId: N })] },
  'IT admin': { userId: 'ada', ms: [m('ada', ['ansatt', 'admin'])] },
  'Eva (rektor at Nordberg)': { userId: 'eva', ms: [m('eva', ['ansatt', 'rektor'], { schoolId: N })] },
  'a pupil': { userId: 'emma', ms: [] },
  'an unknown user': { userId: 'stranger', ms: [] },
  'rektor in another tenant': { userId: 'otto', ms: [m('otto', ['ansatt', 'rektor'], { tenantId: OTHER_T })] },
  'Lars after losing the role': { userId: 'lars', ms: [m('lars', ['ansatt'])] },
} as const;
type Who = keyof typeof WHO;
const ROLES = Object.keys(WHO) as Who[];

const subject = (who: Who, r: { tenantId: string; schoolId: string }): Subject => {
  const w = WHO[who];
  return { tenantId: w.ms[0]?.tenantId ?? T, userId: w.userId, membership: w.ms.find((x) => x.tenantId === r.tenantId && x.schoolId === r.schoolId) };
};

// ————————————————————————————————————————————————————————————— the records

const report = (o: Partial<Report> = {}): Report => ({
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false, ...o,
});
const ok = <R>(r: R | unknown[]): R => {
  if (isFormErrors(r)) throw new Error(`form errors: ${JSON.stringify(r)}`);
  return r as R;
};
const rektorM = WHO.rektor.ms[0];
const larsM = WHO['leder (Lars, responsible)'].ms[0];
const saraM = WHO['connected miljøteam'].ms[0];
const opened = (o: Partial<Report> = {}, schoolId = E, reporterId = 'kari'): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId, caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId, report: report(o), suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
const forwarded = (): SkolemiljoCase => connectMember(forwardCase(opened(), rektorM, larsM, NOW).case, larsM, saraM, NOW).case;
const leadership = (): SkolemiljoCase => ({ ...opened({ leadershipSuspected: true, staffSuspected: true }), work: { ...forwarded().work!, members: [{ userId: 'sara', at: NOW, by: 'rektor' }] } });
const closedCase = (): SkolemiljoCase => {
  let c = forwarded();
  c = ok(recordInvestigation(c, larsM, { methods: ['samtale_elev'], findings: 'Funn.' }, NOW)).case;
  const plan = { problem: 'P.', measures: [{ level: 'individ', description: 'Voksen', when: 'hvert friminutt', responsibleId: 'kari' }], evaluationDate: '2026-12-15', pupilView: 'V.', parentsView: '', bestInterests: 'B.', proposalsNotChosen: 'nei' };
  c = ok(makePlan(c, larsM, plan, { staff: [WHO['kontaktlærer 8A (Kari: reporter, registrar)'].ms[0]], today: '2026-11-24', now: NOW })).case;
  const tookPart = { tookPart: 'ja', why: '' } as const;
  c = ok(evaluatePlan(c, larsM, { outcome: 'avslutte', note: 'Bra.', nextEvaluationDate: '', dialogue: { pupil: tookPart, parents: tookPart, teacher: tookPart } }, { today: '2026-12-15', now: NOW })).case;
  return ok(closeCase(c, larsM, { pupilDoingWell: true, adultsNotWorried: true, note: '' }, NOW)).case;
};
/** Reported at Nordberg by Knut, not forwarded yet: its rektor is Eva. */
const nordbergCase = (): SkolemiljoCase => opened({ pupilClass: '5B' }, N, 'knut');

const complaint = (o: Partial<TeachingComplaint> = {}): TeachingComplaint => ({
  tenantId: T, schoolId: E, complaintId: 'k1', ref: 'KL-2026-0001', class: '8A', subject: 'Matematikk', teacherId: 'per', representatives: ['Tillitselev'],
  registeredBy: 'kari', registeredAt: NOW, leaderId: 'lars', stage: 3, stageSince: NOW, status: 'apen', minutes: [], teacherInformedAt: '', skips: [], ...o,
});
const staffComplaint = (o: Partial<StaffComplaint> = {}): StaffComplaint =>
  ({
    tenantId: T, schoolId: E, complaintId: 'p1', ref: 'PK-2026-0001', employeeId: 'per', leaderId: 'lars', registeredAt: NOW, complainantKind: 'foresatt', complainantName: 'Hilde',
    route: 'direkte_kontakt_uten_resultat', summary: 'S', reception: {}, pupilOffence: false, skolemiljoRef: '', employeeInformedAt: NOW, status: 'apen', ...o,
  }) as StaffComplaint;
const leave = (o: Partial<LeaveRequest> = {}): LeaveRequest => ({
  tenantId: T, schoolId: E, leaveId: 'l1', ref: 'PE-2026-0001', pupilName: 'Nora', pupilClass: '8A', from: '2026-11-25', to: '2026-11-27', schoolDays: 3, reason: 'R',
  registeredBy: 'kari', registeredAt: NOW, deciderId: 'lars', status: 'til_avdelingsleder', decidedBy: '', decidedAt: '', note: '', ...o,
});

// ————————————————————————————————————————————————————————————— the tables
/*
 * One token per action, in the order of POLICY_ACTIONS[type]:
 *   ja    allowed
 *   nf    «not found», nobody named (common.NOT_FOUND, ask ingen): the same as for an id never stored
 *   nr:y  common.NO_ROLE, ask y (r rektor, l leder, s skoleeier, i nobody)
 *   cc    common.CLOSED   ld leave.DECIDED   fw:y case.NOT_FORWARDED   ns common.NOT_STAFF
 * A row of one token stands for that token in every column.
 */
type Table = Partial<Record<Who, string>> & { rest: string };
interface Situation {
  record: PolicyRecord;
  table: Table;
}

const caseSituations = (): Record<string, Situation> => ({
  'own school, forwarded to Lars, Sara connected': {
    record: { type: 'skolemiljosak', value: forwarded() },
    // status sak  videre alvor omklas inform kalle koble under plan evalu avslut ekspor
    table: {
      rektor:                                        'ja   ja   ja   ja   ja   ja   nr:l ja   ja   ja   ja   ja   ja',
      'leder (Lars, responsible)':                   'ja   ja   nr:r nr:r nr:r ja   ja   ja   ja   ja   ja   ja   ja',
      'kontaktlærer 8A (Kari: reporter, registrar)': 'ja nr:r nr:r nr:r nr:r nr:l nr:r nr:r nr:r nr:r nr:r nr:r nr:l',
      'connected miljøteam':                         'ja   ja   nr:r nr:r nr:r nr:l nr:l nr:l nr:l nr:l nr:l nr:l nr:l',
      rest: 'nf',
    },
  },
  'leadership suspected (to the school owner only)': {
    record: { type: 'skolemiljosak', value: leadership() },
    table: {
      'kontaktlærer 8A (Kari: reporter, registrar)': 'ja nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s',
      skoleeier:                                     'ja   ja   nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s nr:s ja',
      rest: 'nf',
    },
  },
  closed: {
    record: { type: 'skolemiljosak', value: closedCase() },
    table: {
      rektor:                                        'ja   ja   cc   cc   cc   cc   cc   cc   cc   cc   cc   cc   ja',
      'leder (Lars, responsible)':                   'ja   ja   nr:r nr:r nr:r cc   cc   cc   cc   cc   cc   cc   ja',
      'kontaktlærer 8A (Kari: reporter, registrar)': 'ja nr:r nr:r nr:r nr:r nr:l nr:r nr:r nr:r nr:r nr:r nr:r nr:l',
      'connected miljøteam':                         'ja   ja   nr:r nr:r nr:r nr:l cc   cc   cc   cc   cc   cc   nr:l',
      rest: 'nf',
    },
  },
  'another school (Nordberg, just reported)': {
    record: { type: 'skolemiljosak', value: nordbergCase() },
    table: { 'Eva (rektor at Nordberg)': 'ja ja ja ja ja ja fw:i fw:i fw:i fw:i fw:i fw:i ja', rest: 'nf' },
  },
});

const asMeeting = (s: Situation): PolicyRecord => ({ type: 'mote', value: s.record.value as SkolemiljoCase });
const asExport = (s: Situation): PolicyRecord => ({ type: 'eksport', value: s.record.value as SkolemiljoCase });
const cs = caseSituations();

const MATRIX: Record<RecordType, Record<string, Situation>> = {
  skolemiljosak: cs,

  // 004 §8.3: only the nærmeste leder who has the (forwarded, open) case calls the reporter in.
  mote: {
    'own school, forwarded to Lars, Sara connected': {
      record: asMeeting(cs['own school, forwarded to Lars, Sara connected']),
      table: { rektor: 'ja nr:i', 'leder (Lars, responsible)': 'ja ja', 'connected miljøteam': 'ja nr:i', 'kontaktlærer 8A (Kari: reporter, registrar)': 'nr:r', rest: 'nf' },
    },
    'leadership suspected (to the school owner only)': {
      record: asMeeting(cs['leadership suspected (to the school owner only)']),
      table: { skoleeier: 'ja nr:i', 'kontaktlærer 8A (Kari: reporter, registrar)': 'nr:s', rest: 'nf' },
    },
    closed: {
      record: asMeeting(cs.closed),
      table: { rektor: 'ja nr:i', 'leder (Lars, responsible)': 'ja nr:i', 'connected miljøteam': 'ja nr:i', 'kontaktlærer 8A (Kari: reporter, registrar)': 'nr:r', rest: 'nf' },
    },
    'another school (Nordberg, just reported)': { record: asMeeting(cs['another school (Nordberg, just reported)']), table: { 'Eva (rektor at Nordberg)': 'ja nr:i', rest: 'nf' } },
  },

  // The export (PDF): those who follow the case up, and the school owner once notified.
  eksport: {
    'own school, forwarded to Lars, Sara connected': {
      record: asExport(cs['own school, forwarded to Lars, Sara connected']),
      table: { rektor: 'ja', 'leder (Lars, responsible)': 'ja', 'connected miljøteam': 'nr:l', 'kontaktlærer 8A (Kari: reporter, registrar)': 'nr:l', rest: 'nf' },
    },
    'leadership suspected (to the school owner only)': {
      record: asExport(cs['leadership suspected (to the school owner only)']),
      table: { skoleeier: 'ja', 'kontaktlærer 8A (Kari: reporter, registrar)': 'nr:s', rest: 'nf' },
    },
    closed: {
      record: asExport(cs.closed),
      table: { rektor: 'ja', 'leder (Lars, responsible)': 'ja', 'connected miljøteam': 'nr:l', 'kontaktlærer 8A (Kari: reporter, registrar)': 'nr:l', rest: 'nf' },
    },
    'another school (Nordberg, just reported)': { record: asExport(cs['another school (Nordberg, just reported)']), table: { 'Eva (rektor at Nordberg)': 'ja', rest: 'nf' } },
  },

  // Seed 000: stages 1–2 the faglærer with the kontaktlærer/leader/rektor, 3–4 the leader, 5 rektor.
  //                                               se  dialog lederens rektors
  klage_undervisning: {
    'own school, at stage 3 (with the leader)': {
      record: { type: 'klage_undervisning', value: complaint() },
      table: {
        rektor:                                        'ja ja   nr:l ja',
        'leder (Lars, responsible)':                   'ja ja   ja   nr:r',
        'kontaktlærer 8A (Kari: reporter, registrar)': 'ja ja   nr:l nr:r',
        'faglærer (Per: the teacher, the employee)':   'ja ja   nr:l nr:r',
        rest: 'nf',
      },
    },
    closed: {
      record: { type: 'klage_undervisning', value: complaint({ stage: 5, status: 'avsluttet' }) },
      table: {
        rektor:                                        'ja cc   nr:l cc',
        'leder (Lars, responsible)':                   'ja cc   cc   nr:r',
        'kontaktlærer 8A (Kari: reporter, registrar)': 'ja cc   nr:l nr:r',
        'faglærer (Per: the teacher, the employee)':   'ja cc   nr:l nr:r',
        rest: 'nf',
      },
    },
    'another school (Nordberg: Per registered it about his own teaching)': {
      record: { type: 'klage_undervisning', value: complaint({ schoolId: N, class: '5B', registeredBy: 'per', leaderId: 'knut' }) },
      table: { 'Eva (rektor at Nordberg)': 'ja ja nr:l ja', 'faglærer (Per: the teacher, the employee)': 'ja ja nr:l nr:r', rest: 'nf' },
    },
  },

  // Seed 001: the receiving leader and rektor; the employee once informed, their own part only.
  //                                                            se  se_alt lederens_steg
  klage_ansatt: {
    'own school, employee informed': {
      record: { type: 'klage_ansatt', value: staffComplaint() },
      table: { rektor: 'ja ja ja', 'leder (Lars, responsible)': 'ja ja ja', 'faglærer (Per: the teacher, the employee)': 'ja nr:l nr:l', rest: 'nf' },
    },
    'own school, employee not yet informed': {
      record: { type: 'klage_ansatt', value: staffComplaint({ employeeInformedAt: '' }) },
      table: { rektor: 'ja ja ja', 'leder (Lars, responsible)': 'ja ja ja', rest: 'nf' },
    },
    closed: {
      record: { type: 'klage_ansatt', value: staffComplaint({ status: 'avsluttet' }) },
      table: { rektor: 'ja ja cc', 'leder (Lars, responsible)': 'ja ja cc', 'faglærer (Per: the teacher, the employee)': 'ja nr:l nr:l', rest: 'nf' },
    },
    'another school (Nordberg, received by Knut)': {
      record: { type: 'klage_ansatt', value: staffComplaint({ schoolId: N, leaderId: 'knut' }) },
      table: { 'Eva (rektor at Nordberg)': 'ja ja ja', 'faglærer (Per: the teacher, the employee)': 'ja nr:l nr:l', rest: 'nf' },
    },
  },

  // Seed 003 / SPEC §3.4: the kontaktlærer up to one day, the avdelingsleder beyond; the outcome to
  // the kontaktlærer, the elevrådgiver and «administrasjonen» (the office), not the IT admin.
  //                                                    se  avgjore
  permisjon: {
    'own school, three days, waiting for Lars': {
      record: { type: 'permisjon', value: leave() },
      table: {
        rektor: 'ja nr:i', 'leder (Lars, responsible)': 'ja ja', 'kontaktlærer 8A (Kari: reporter, registrar)': 'ja nr:i', elevrådgiver: 'ja nr:i', postfordeler: 'ja nr:i', rest: 'nf',
      },
    },
    'closed (granted)': {
      record: { type: 'permisjon', value: leave({ status: 'innvilget', decidedBy: 'lars', decidedAt: NOW }) },
      table: {
        rektor: 'ja nr:i', 'leder (Lars, responsible)': 'ja ld', 'kontaktlærer 8A (Kari: reporter, registrar)': 'ja nr:i', elevrådgiver: 'ja nr:i', postfordeler: 'ja nr:i', rest: 'nf',
      },
    },
    'another school (Nordberg, one day, Per decides)': {
      record: { type: 'permisjon', value: leave({ schoolId: N, pupilClass: '5B', schoolDays: 1, to: '2026-11-25', registeredBy: 'per', deciderId: 'per' }) },
      table: { 'Eva (rektor at Nordberg)': 'ja nr:i', 'faglærer (Per: the teacher, the employee)': 'ja ja', rest: 'nf' },
    },
  },

  // Seeds 002/003: the class's own kontaktlærer keeps the roster and the conversations.
  klasseliste: {
    'own school, class 8A': { record: { type: 'klasseliste', value: { tenantId: T, schoolId: E, className: '8A' } }, table: { 'kontaktlærer 8A (Kari: reporter, registrar)': 'ja ja', rest: 'nr:r' } },
    'another school (Nordberg, class 5B)': { record: { type: 'klasseliste', value: { tenantId: T, schoolId: N, className: '5B' } }, table: { 'faglærer (Per: the teacher, the employee)': 'ja ja', rest: 'nr:r' } },
  },

  // SPEC §3.6: staff see the school's årshjul; rektor and the school's admin change it.
  //                                             se endre
  arshjul: {
    'own school': {
      record: { type: 'arshjul', value: { tenantId: T, schoolId: E } },
      table: {
        rektor: 'ja ja', 'IT admin': 'ja ja',
        'leder (Lars, responsible)': 'ja nr:i', 'another avdelingsleder': 'ja nr:i', 'kontaktlærer 8A (Kari: reporter, registrar)': 'ja nr:i', 'faglærer (Per: the teacher, the employee)': 'ja nr:i',
        'connected miljøteam': 'ja nr:i', elevrådgiver: 'ja nr:i', postfordeler: 'ja nr:i', 'Lars after losing the role': 'ja nr:i',
        rest: 'ns',
      },
    },
    'another school (Nordberg)': {
      record: { type: 'arshjul', value: { tenantId: T, schoolId: N } },
      table: { 'Eva (rektor at Nordberg)': 'ja ja', 'faglærer (Per: the teacher, the employee)': 'ja nr:i', rest: 'ns' },
    },
  },

  // «roller»: rektor and the school's admin.
  roller: {
    'own school': { record: { type: 'roller', value: { tenantId: T, schoolId: E } }, table: { rektor: 'ja', 'IT admin': 'ja', rest: 'nr:i' } },
    'another school (Nordberg)': { record: { type: 'roller', value: { tenantId: T, schoolId: N } }, table: { 'Eva (rektor at Nordberg)': 'ja', rest: 'nr:i' } },
  },

  // «oversikt» (issue 17): rektor of the school and the school owner, counts only.
  oversikt: {
    'own school': { record: { type: 'oversikt', value: { tenantId: T, schoolId: E } }, table: { rektor: 'ja', skoleeier: 'ja', rest: 'ov' } },
    'another school (Nordberg)': { record: { type: 'oversikt', value: { tenantId: T, schoolId: N } }, table: { 'Eva (rektor at Nordberg)': 'ja', skoleeier: 'ja', rest: 'ov' } },
  },
};

const CODES = { nf: 'common.NOT_FOUND', nr: 'common.NO_ROLE', cc: 'common.CLOSED', ld: 'leave.DECIDED', fw: 'case.NOT_FORWARDED', ns: 'common.NOT_STAFF', ov: 'overview.NOT_ALLOWED' } as const;
const ASKS = { r: 'rektor', l: 'leder', s: 'skoleeier', i: 'ingen' } as const;
const expected = (token: string): Decision => {
  if (token === 'ja') return { allowed: true };
  const [code, ask = 'i'] = token.split(':') as [keyof typeof CODES, keyof typeof ASKS | undefined];
  if (!(code in CODES) || !(ask in ASKS)) throw new Error(`bad token ${token}`);
  return { allowed: false, code: CODES[code], ask: ASKS[ask] };
};
const rowOf = (table: Table, who: Who, n: number): string[] => {
  const t = (table[who] ?? table.rest).trim().split(/\s+/);
  return t.length === 1 ? Array.from({ length: n }, () => t[0]) : t;
};
const text = (d: Decision): string => (d.allowed ? 'allowed' : `refused ${d.code}, ask ${d.ask}`);

const cells = (Object.keys(MATRIX) as RecordType[]).flatMap((type) =>
  Object.entries(MATRIX[type]).flatMap(([situation, s]) =>
    ROLES.flatMap((who) => {
      const row = rowOf(s.table, who, POLICY_ACTIONS[type].length);
      return POLICY_ACTIONS[type].map((action, i) => ({ type, situation, who, action, record: s.record, want: expected(row[i]) }));
    }),
  ),
);

describe('the tables themselves', () => {
  it('cover every record type, with a row of one token per action (or one for all) for every role named', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(POLICY_ACTIONS).sort());
    for (const [type, situations] of Object.entries(MATRIX) as [RecordType, Record<string, Situation>][])
      for (const s of Object.values(situations)) {
        expect(s.record.type).toBe(type);
        for (const who of Object.keys(s.table).filter((k) => k !== 'rest')) expect(ROLES).toContain(who);
        for (const who of ROLES) expect([1, POLICY_ACTIONS[type].length]).toContain((s.table[who] ?? s.table.rest).trim().split(/\s+/).length);
      }
  });
  it('have 1,590 cells: every role × every action × every situation of every record type', () => expect(cells.length).toBe(1590));
});

describe.each(Object.keys(MATRIX) as RecordType[])('%s', (type) => {
  describe.each(Object.keys(MATRIX[type]))('%s', (situation) => {
    const here = cells.filter((c) => c.type === type && c.situation === situation);
    it.each(here.map((c) => [c.who, c.action, text(c.want), c] as const))('%s · %s → %s', (_who, _action, _text, c) => {
      expect(decide(subject(c.who, c.record.value), c.action as never, c.record as never)).toEqual(c.want);
    });
  });
});

describe('SPEC §4 in words, across every record type', () => {
  const all = cells.map((c) => ({ ...c, got: decide(subject(c.who, c.record.value), c.action as never, c.record as never) }));
  const PRIVATE: RecordType[] = ['skolemiljosak', 'mote', 'eksport', 'klage_undervisning', 'klage_ansatt', 'permisjon'];
  it('a pupil, an unknown user and someone from another tenant are told «not found» for every record about a person, and allowed nothing anywhere', () => {
    const outsiders: Who[] = ['a pupil', 'an unknown user', 'rektor in another tenant'];
    const theirs = all.filter((c) => outsiders.includes(c.who));
    expect(theirs.filter((c) => c.got.allowed).map((c) => `${c.type} ${c.action}`)).toEqual([]);
    expect(theirs.filter((c) => PRIVATE.includes(c.type) && !(c.got.allowed === false && c.got.code === 'common.NOT_FOUND')).map((c) => `${c.type} ${c.action}`)).toEqual([]);
  });
  it('a «not found» never names whom to ask', () =>
    expect(all.filter((c) => !c.got.allowed && c.got.code === 'common.NOT_FOUND' && c.got.ask !== 'ingen').map((c) => `${c.type} ${c.who} ${c.action}`)).toEqual([]));
  it('someone who lost the role sees no record about a person any more', () =>
    expect(all.filter((c) => c.who === 'Lars after losing the role' && PRIVATE.includes(c.type) && c.got.allowed).map((c) => `${c.type} ${c.situation} ${c.action}`)).toEqual([]));
  it('nothing of a leadership case reaches anyone at the school but the reporter’s status', () =>
    expect(
      all.filter((c) => c.situation.startsWith('leadership') && c.got.allowed && c.who !== 'skoleeier' && !(c.who === 'kontaktlærer 8A (Kari: reporter, registrar)' && c.action === 'se_status')).map((c) => `${c.type} ${c.who} ${c.action}`),
    ).toEqual([]));
});
