/**
 * The document of a journal post: the case export (case-archive.ts) as the case stood when the
 * post was made, so a plan version sent late still shows what was known then: the plans, the
 * evaluations, the closing and the log up to that moment (meetings are shown as they are: booked ahead).
 */
import type { LogEntry, SkolemiljoCase } from '../domain/case';
import type { ActivityPlan } from '../domain/casework';
import type { School } from '../domain/school';
import type { ArchiveDocument } from './archive-model';
import { buildArchive } from './case-archive';

export interface CaseDocumentInput {
  case: SkolemiljoCase;
  plans: ActivityPlan[];
  log: LogEntry[];
  school: School | undefined;
  staffNames: Record<string, string>;
  /** The instant of the case change that made the post. */
  at: string;
}

export function caseDocumentAsOf(i: CaseDocumentInput): ArchiveDocument {
  const w = i.case.work;
  const work = w && {
    ...w,
    evaluations: w.evaluations.filter((e) => e.at <= i.at),
    ...(w.closure && w.closure.at > i.at ? { closure: undefined } : {}),
  };
  const c: SkolemiljoCase = { ...i.case, ...(work ? { work } : {}) };
  return buildArchive({
    case: c,
    plans: i.plans.filter((p) => p.createdAt <= i.at),
    log: i.log.filter((e) => e.at <= i.at),
    school: i.school,
    staffNames: i.staffNames,
    printedBy: 'Meld fra',
    now: new Date(i.at),
  });
}
