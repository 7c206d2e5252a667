/** One skolemiljø case as a reporter files it, for the storage tests (the CaseStore contract, the Tables repositories). */
import { openCase, type SkolemiljoCase } from '../../src/domain/case';
import type { Report } from '../../src/domain/report';

export const T = 'tenant-a';

export const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};

/** A case at a school with the reference SM-2026-<the id's last four characters>. */
export const aCase = (caseId: string, schoolId = 'ellingsrud'): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId, caseId, ref: `SM-2026-${caseId.slice(-4)}`, now: '2026-11-24T09:30:00.000Z', reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
