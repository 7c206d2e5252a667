/** The archive document: the whole case, in the school's language form, every plan version kept. */
import { buildArchive } from '../../src/app/case-archive';
import { openCase } from '../../src/domain/case';
import type { ActivityPlan } from '../../src/domain/casework';
import type { Report } from '../../src/domain/report';
import type { School } from '../../src/domain/school';

const report: Report = {
  pupilName: 'Kari Elev', pupilClass: '6A', signs: ['kvier_seg'], observed: 'Ho vart halden utanfor.', kinds: ['utenforskap'], kindOther: '', where: 'Skuleplassen', date: '2026-11-23', time: '',
  source: 'eleven', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
};
const school = (languageForm: 'nb' | 'nn'): School => ({ tenantId: 't', schoolId: 's', name: languageForm === 'nn' ? 'Nordberg skule' : 'Ellingsrud skole', languageForm, investigationDays: 5 });
const plan = (version: number, problem: string): ActivityPlan => ({
  version, problem, measures: [{ level: 'klasse', description: `Tiltak v${version}`, when: 'Veke 49', responsibleId: 'knut' }], evaluationDate: '2026-12-16',
  pupilView: 'Eleven vil ha ein vaksen ute.', parentsView: '', bestInterests: 'Tryggleik.', createdAt: `2026-11-2${version}T10:00:00.000Z`, createdBy: 'knut',
});
const c = {
  ...openCase({ tenantId: 't', schoolId: 's', caseId: 'c1', ref: 'SM-2026-0007', now: '2026-11-24T09:30:00.000Z', reporterId: 'eva', report, suggestedLeaderId: 'knut', investigationDue: '2026-12-01' }).case,
  status: 'videresendt' as const,
  forwardedAt: '2026-11-24T10:00:00.000Z',
  work: { members: [], planVersion: 2, evaluationDue: '2027-01-10', evaluations: [{ planVersion: 1, outcome: 'justere' as const, note: 'Betre, men ikkje godt nok.', nextEvaluationDate: '', at: '2026-12-16T12:00:00.000Z', by: 'knut' }] },
};
const names = { eva: 'Eva Strand', knut: 'Knut Berg' };

describe('the archive document', () => {
  it('is written in nynorsk for a nynorsk school, with every plan version and the evaluation', () => {
    const doc = buildArchive({ case: c, plans: [plan(1, 'Første problem'), plan(2, 'Justert problem')], log: [{ at: '2026-11-24T09:30:00.000Z', actorId: 'eva', action: 'meldt', detail: '' }], school: school('nn'), staffNames: names, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z') });
    expect(doc.lang).toBe('nn');
    expect(doc.title).toBe('Sak SM-2026-0007 – skolemiljøet til eleven (opplæringslova § 12-4)');
    expect(doc.confidentiality).toContain('Unnateke frå innsyn');
    const headings = doc.sections.map((s) => s.heading);
    expect(headings).toEqual(['Melding', 'Ruting og varsling', 'Aktivitetsplanar (delplikt 5)', 'Evalueringar', 'Logg over saka']);
    const plans = doc.sections[2].subsections!;
    expect(plans.map((p) => p.heading)).toEqual(['Aktivitetsplan, versjon 1 (21.11.2026 kl. 11.00, Knut Berg)', 'Aktivitetsplan, versjon 2 (22.11.2026 kl. 11.00, Knut Berg)']);
    expect(plans.map((p) => p.table!.rows[0][1])).toEqual(['Tiltak v1', 'Tiltak v2']);
    expect(doc.sections[3].table!.rows[0]).toEqual(['16.12.2026 kl. 13.00', 'v1', 'Blir justerte (ny versjon av planen)', 'Betre, men ikkje godt nok.', '']);
    expect(doc.sections[4].table!.rows).toEqual([['24.11.2026 kl. 10.30', 'Eva Strand', 'Meldt']]);
  });
  it('is written in bokmål for a bokmål school', () => {
    const doc = buildArchive({ case: c, plans: [], log: [], school: school('nb'), staffNames: names, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z') });
    expect(doc.title).toBe('Sak SM-2026-0007 – elevens skolemiljø (opplæringsloven § 12-4)');
    expect(doc.generated).toBe('Skrevet ut 20.12.2026 kl. 11.00 av Knut Berg');
    expect(doc.pageLabel).toBe('Side {page} av {pages}');
  });
});
