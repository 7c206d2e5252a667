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
    expect(doc.sections[3].table!.rows[0]).toEqual(['16.12.2026 kl. 13.00', 'v1', 'Blir justerte (ny versjon av planen)', 'Betre, men ikkje godt nok.', '', '']);
    expect(doc.sections[4].table!.rows).toEqual([['24.11.2026 kl. 10.30', 'Eva Strand', 'Meldt']]);
  });
  it('is written in bokmål for a bokmål school', () => {
    const doc = buildArchive({ case: c, plans: [], log: [], school: school('nb'), staffNames: names, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z') });
    expect(doc.title).toBe('Sak SM-2026-0007 – elevens skolemiljø (opplæringsloven § 12-4)');
    expect(doc.generated).toBe('Skrevet ut 20.12.2026 kl. 11.00 av Knut Berg');
    expect(doc.pageLabel).toBe('Side {page} av {pages}');
  });

  // Opplæringslova § 12-6: a pupil or the parents may report the case to the statsforvaltaren when they think the school has not
  // done its duty (§ 12-4), after taking it up with the rektor; the statsforvaltaren decides, and may decide what the school shall do.
  it.each([
    ['nn', ['Informasjon til eleven og føresette', 'opplæringslova § 12-4', 'rektor', 'melde saka til statsforvaltaren (§ 12-6)', 'vedta kva skolen skal gjere']],
    ['nb', ['Informasjon til eleven og foresatte', 'opplæringsloven § 12-4', 'rektor', 'melde saken til statsforvalteren (§ 12-6)', 'vedta hva skolen skal gjøre']],
  ] as const)('carries the pupil’s and the parents’ rights and the route to the statsforvalter with the plan, in the school’s language form (%s)', (lang, words) => {
    const doc = buildArchive({ case: c, plans: [plan(1, 'Problem')], log: [], school: school(lang), staffNames: names, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z') });
    const rights = doc.sections.find((s) => s.subsections)!.paragraphs!.join('\n');
    for (const w of words) expect(rights).toContain(w);
  });

  it('records the unchosen proposals with the school’s reasons, restorative measures, and who took part in each evaluation and why it was early (nn)', () => {
    const p: ActivityPlan = {
      ...plan(1, 'Problem'),
      measures: [{ level: 'individ', description: 'Samtale mellom Kari og læraren', when: 'Veke 50', responsibleId: 'knut', restorative: 'laerer_elev' }],
      proposalsNotChosen: 'ja',
      notChosenWhy: 'Føresette ønskte klassebyte for ein annan elev; det er ikkje til hans beste.',
    };
    const evaluation = {
      planVersion: 1, outcome: 'fortsette' as const, note: 'Betre.', nextEvaluationDate: '2027-01-10', at: '2026-12-10T12:00:00.000Z', by: 'knut',
      earlyReason: 'Føresette bad om det.',
      dialogue: { pupil: { tookPart: true, why: '' }, parents: { tookPart: false, why: 'Sjuke' }, teacher: { tookPart: true, why: '' } },
    };
    const doc = buildArchive({ case: { ...c, work: { ...c.work, evaluations: [evaluation] } }, plans: [p], log: [], school: school('nn'), staffNames: names, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z') });
    const planSection = doc.sections.find((s) => s.subsections)!.subsections![0];
    expect(planSection.table!.rows[0][0]).toBe('Individ (gjenopprettande prosess, lærar–elev)');
    expect(planSection.subsections![0].facts).toContainEqual(['Har eleven eller føresette føreslått tiltak som skolen ikkje set inn?', `Ja: ${p.notChosenWhy}`]);
    const evaluations = doc.sections.find((s) => s.heading === 'Evalueringar')!.table!;
    expect(evaluations.columns.at(-1)).toBe('Dialog');
    expect(evaluations.rows[0].at(-1)).toBe('Eleven: ja. Føresette: nei (Sjuke). Kontaktlærar: ja. Evaluert før datoen: Føresette bad om det.');
  });
});

describe('the party’s copy of the archive document', () => {
  it.each([
    ['nn', 'Kopi til føresette: sak SM-2026-0007 – skolemiljøet til eleven (opplæringslova § 12-4)', 'Kopi til føresette – opplysningar om andre elevar er skjerma, jf. forvaltningslova § 19'],
    ['nb', 'Kopi til foresatte: sak SM-2026-0007 – elevens skolemiljø (opplæringsloven § 12-4)', 'Kopi til foresatte – opplysninger om andre elever er skjermet, jf. forvaltningsloven § 19'],
  ] as const)('has its own title and says on every page that other pupils are screened (%s)', (lang, title, line) => {
    const doc = buildArchive({ case: c, plans: [], log: [], school: school(lang), staffNames: names, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z'), copy: true });
    expect([doc.title, doc.confidentiality]).toEqual([title, line]);
  });
});
