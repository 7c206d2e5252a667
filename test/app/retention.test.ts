/**
 * Retention (SPEC §4) on Azurite: a closed case is deleted once the school's retention period has
 * passed since it was closed; one log entry says a case was deleted and when, nothing about the pupil.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { openCase, type SkolemiljoCase } from '../../src/domain/case';
import type { ActivityPlan } from '../../src/domain/casework';
import type { Report } from '../../src/domain/report';
import { DEMO_TENANT } from '../../src/seed';

const clock = { at: new Date('2027-12-01T09:00:00Z'), now() { return this.at; } };
const S = 'ellingsrud';
const report: Report = {
  pupilName: 'Ola Hemmeligsen', pupilClass: '8A', signs: [], observed: 'Noe ingen skal lese etterpå', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
};

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

async function closedCase(caseId: string, closedAt: string | undefined): Promise<SkolemiljoCase> {
  const opened = openCase({ tenantId: DEMO_TENANT, schoolId: S, caseId, ref: `SM-2026-${caseId.slice(-4)}`, now: '2026-11-24T09:00:00.000Z', reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' });
  const created = (await app.cases.create(opened.case)).case;
  await app.caseLog.append(DEMO_TENANT, S, caseId, opened.log);
  await app.caseLog.append(DEMO_TENANT, S, caseId, { at: '2026-11-25T09:00:00.000Z', actorId: 'rektor', action: 'omklassifisert', detail: 'Ola Hemmeligsen har det bra' });
  const plan: ActivityPlan = { version: 1, problem: 'Ola Hemmeligsen er alene', measures: [], evaluationDate: '2026-12-16', pupilView: 'x', parentsView: '', bestInterests: 'x', createdAt: '2026-11-26T09:00:00.000Z', createdBy: 'lars' };
  const work = { members: [], planVersion: 1, evaluationDue: '', evaluations: [], ...(closedAt ? { closure: { pupilDoingWell: true, adultsNotWorried: true, note: '', at: closedAt, by: 'lars' } } : {}) };
  return app.cases.savePlan({ ...created, status: closedAt ? 'avsluttet' : 'videresendt', work }, plan);
}

describe('retention', () => {
  it('deletes a case closed longer ago than the school keeps them (12 months by default), keeps the others, and leaves one note without the pupil', async () => {
    await closedCase('ret-old-0001', '2026-11-30T10:00:00.000Z'); // closed 12 months and a day ago
    await closedCase('ret-new-0002', '2027-01-15T10:00:00.000Z'); // closed 10½ months ago
    await closedCase('ret-open-0003', undefined); // never closed: never deleted

    const r = await app.retention.sweep();
    expect(r.deleted).toBe(1);
    expect(await app.cases.get(DEMO_TENANT, S, 'ret-old-0001')).toBeUndefined();
    expect(await app.cases.plans(DEMO_TENANT, S, 'ret-old-0001')).toEqual([]);
    const left = await app.caseLog.list(DEMO_TENANT, S, 'ret-old-0001');
    expect(left).toEqual([{ at: '2027-12-01T09:00:00.000Z', actorId: 'system', action: 'slettet', detail: 'ref=SM-2026-0001;avsluttet=2026-11-30' }]);
    expect(JSON.stringify(left)).not.toContain('Hemmeligsen');

    for (const id of ['ret-new-0002', 'ret-open-0003']) {
      expect(await app.cases.get(DEMO_TENANT, S, id)).toBeDefined();
      expect(await app.cases.plans(DEMO_TENANT, S, id)).toHaveLength(1);
    }
    // Running it again changes nothing and writes no second note.
    expect((await app.retention.sweep()).deleted).toBe(0);
    expect(await app.caseLog.list(DEMO_TENANT, S, 'ret-old-0001')).toHaveLength(1);
  });

  it('follows the school’s own setting', async () => {
    const school = (await app.directory.getSchool(DEMO_TENANT, S))!;
    await app.directory.upsertSchool({ ...school, retentionMonths: 6 });
    expect((await app.retention.sweep()).deleted).toBe(1); // the one closed 10½ months ago
    expect(await app.cases.get(DEMO_TENANT, S, 'ret-new-0002')).toBeUndefined();
    expect(await app.cases.get(DEMO_TENANT, S, 'ret-open-0003')).toBeDefined();
    expect(app.logs.join('')).not.toContain('Hemmeligsen');
  });
});
