/**
 * Realistic data for the restore drill, written through the app's own repositories: the demo
 * schools and staff, cases with their reminders, an activity plan and log entries, and a
 * complaint about teaching for every tenth case. Norwegian text with æøå and emoji throughout,
 * so a byte that changes on the way shows.
 */
import { CaseLogRepository } from '../../src/adapters/tables/case-log-repository';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { ComplaintRepository } from '../../src/adapters/tables/complaint-repository';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { ReminderRepository } from '../../src/adapters/tables/reminder-repository';
import type { Tables } from '../../src/adapters/tables/table-client';
import { openCase } from '../../src/domain/case';
import type { ActivityPlan } from '../../src/domain/casework';
import { registerComplaint } from '../../src/domain/complaint';
import { isLeader } from '../../src/domain/complaint-access';
import { hasRole } from '../../src/domain/people';
import { firstReminder } from '../../src/domain/reminders';
import type { Report } from '../../src/domain/report';
import { DEMO_SCHOOL, DEMO_TENANT, seedDemo } from '../../src/seed';

const report = (i: number): Report => ({
  pupilName: `Åse Øvrebø ${i}`, pupilClass: '8A', signs: [], observed: `Elever ertet Åse i garderoben etter gym 😟 (${i}); «hun gråt», sa læreren.`,
  kinds: ['mobbing'], kindOther: '', where: 'garderoben', date: '2026-11-23', time: '10:15', source: 'egen_observasjon', intervened: true,
  intervention: 'Skilte elevene og snakket med dem én og én.', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
});

async function pool<T>(n: number, items: T[], f: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await f(items[next++]);
  }));
}

/** Writes `count` cases (and their plans, logs, reminders and complaints); returns the case ids. */
export async function seedCases(tables: Tables, count: number): Promise<{ caseIds: string[]; complaintIds: string[]; tenantId: string; schoolId: string }> {
  const directory = new DirectoryRepository(tables);
  const cases = new CaseRepository(tables);
  const log = new CaseLogRepository(tables);
  const reminders = new ReminderRepository(tables);
  const complaints = new ComplaintRepository(tables);
  await Promise.all([directory, cases, log, reminders, complaints].map((r) => r.init()));
  await seedDemo(directory, DEMO_TENANT);
  const tenantId = DEMO_TENANT;
  const schoolId = DEMO_SCHOOL;
  const staff = await directory.staffOf(tenantId, schoolId);
  const leader = staff.find(isLeader)!;
  const teacher = staff.find((m) => hasRole(m, 'kontaktlaerer') || hasRole(m, 'ansatt'))!;
  const classes = (await directory.listClasses(tenantId, schoolId)).map((c) => c.name);
  const caseIds = Array.from({ length: count }, (_, i) => `c-${String(i).padStart(6, '0')}`);
  const complaintIds: string[] = [];
  await pool(16, caseIds, async (caseId) => {
    const i = Number(caseId.slice(2));
    const now = '2026-11-24T09:30:00.000Z';
    const opened = openCase({ tenantId, schoolId, caseId, ref: `SM-2026-${String(i + 1).padStart(5, '0')}`, now, reporterId: teacher.userId, report: report(i), suggestedLeaderId: leader.userId, investigationDue: '2026-12-01' });
    const { case: created } = await cases.create(opened.case, [firstReminder(opened.case, 'undersokelse', '2026-12-01', '2026-12-01T07:00:00.000Z')]);
    await log.append(tenantId, schoolId, caseId, opened.log);
    const plan: ActivityPlan = {
      version: 1, problem: 'Åse blir holdt utenfor i friminuttene og kalt stygge ting på Snapchat.',
      measures: [{ level: 'individ', description: 'Trygg voksen følger Åse i friminuttene 🧡', when: 'hvert friminutt fra 1.12 til 18.12', responsibleId: teacher.userId }],
      evaluationDate: '2026-12-18', pupilView: 'Åse vil helst være sammen med Mia.', parentsView: 'Foreldrene ønsker tett oppfølging.', bestInterests: 'Åses trygghet går foran.',
      createdAt: now, createdBy: leader.userId,
    };
    await cases.savePlan(created, plan, [firstReminder(created, 'evaluering', '2026-12-18', '2026-12-18T07:00:00.000Z')]);
    await log.append(tenantId, schoolId, caseId, { at: '2026-11-25T10:00:00.000Z', actorId: leader.userId, action: 'plan_laget', detail: 'Notat: samtale med foreldrene, «bra møte» ✅' });
    if (i % 10 === 0) {
      const r = registerComplaint(leader, { class: classes[0], subject: 'Matematikk – for høyt tempo', teacherId: teacher.userId, representatives: [] }, {
        complaintId: `k-${caseId}`, ref: `KL-2026-${String(i / 10 + 1).padStart(4, '0')}`, now, classes, staff, leader,
      });
      if (Array.isArray(r)) throw new Error(`complaint not valid: ${JSON.stringify(r)}`);
      await complaints.create({ ...r.complaint, description: 'Klassen opplever at læreren går for fort fram; «vi henger ikke med» 📉' }, r.log);
      complaintIds.push(r.complaint.complaintId);
    }
  });
  return { caseIds, complaintIds, tenantId, schoolId };
}
