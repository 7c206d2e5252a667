/** «Kopi til foresatte»: other pupils' names screened from every free text, the party's own kept. */
import { openCase } from '../../src/domain/case';
import type { ActivityPlan } from '../../src/domain/casework';
import { NameScreen, partyCopyOf } from '../../src/domain/party-copy';
import type { Report } from '../../src/domain/report';

const marks = { name: '[skjermet]', field: '[skjermet: opplysninger om andre elever]' };
const report: Report = {
  pupilName: 'Kari Elev', pupilClass: '6A', signs: ['kvier_seg'], observed: 'Per Hansen og Siri dyttet Kari Elev. Kari sa det til læreren.', kinds: ['utenforskap'], kindOther: '',
  where: 'Skuleplassen ved Pers sykkel', date: '2026-11-23', time: '', source: 'eleven', intervened: true, intervention: 'Tok Per med inn, 10 kr per elev i bøtekassa.',
  pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
};
const base = openCase({ tenantId: 't', schoolId: 's', caseId: 'c1', ref: 'SM-2026-0007', now: '2026-11-24T09:30:00.000Z', reporterId: 'eva', report, suggestedLeaderId: 'knut', investigationDue: '2026-12-01' }).case;
const c = {
  ...base,
  work: {
    members: [{ userId: 'mette', at: '2026-11-24T10:00:00.000Z', by: 'knut' }], planVersion: 1, evaluationDue: '2027-01-10',
    investigation: { methods: ['samtale_elev' as const], findings: 'Kari forteller at PER HANSEN og Siri Dahl holder henne utenfor.', recordedAt: '2026-11-25T10:00:00.000Z', recordedBy: 'knut' },
    evaluations: [{ planVersion: 1, outcome: 'fortsette' as const, note: 'Siri har sluttet. Kari har det bedre.', nextEvaluationDate: '2027-01-10', at: '2026-12-16T12:00:00.000Z', by: 'knut' }],
  },
};
const plan: ActivityPlan = {
  version: 1, problem: 'Kari holdes utenfor av Per.', evaluationDate: '2026-12-16', pupilView: 'Kari vil være med.', parentsView: '', bestInterests: 'Trygghet for Kari.', createdAt: '2026-11-26T10:00:00.000Z', createdBy: 'knut',
  measures: [
    { level: 'klasse', description: 'Voksen ute i hvert friminutt.', when: 'Uke 49', responsibleId: 'knut' },
    { level: 'individ', description: 'Samtale mellom Kari og Per Hansen med miljøterapeut.', when: 'Uke 50', responsibleId: 'knut', restorative: 'elev_elev' },
  ],
};
// The class roster: the party herself, two other pupils, and a brother with her surname.
const roster = ['Kari Elev', 'Per Hansen', 'Siri Dahl', 'Ola Elev'];

describe('the party’s copy', () => {
  const copy = partyCopyOf(c, [plan], new NameScreen('Kari Elev', roster), marks);
  const all = JSON.stringify(copy);

  it('screens another pupil’s name in every free text it appears in, whole or in part, any case, with the genitive', () => {
    expect(copy.case.report.observed).toBe('[skjermet] og [skjermet] dyttet Kari Elev. Kari sa det til læreren.');
    expect(copy.case.report.where).toBe('Skuleplassen ved [skjermet] sykkel');
    expect(copy.case.work!.investigation!.findings).toBe('Kari forteller at [skjermet] og [skjermet] holder henne utenfor.');
    expect(copy.case.work!.evaluations[0].note).toBe('[skjermet] har sluttet. Kari har det bedre.');
    expect(copy.plans[0].problem).toBe('Kari holdes utenfor av [skjermet].');
    for (const name of ['Per', 'Siri', 'Hansen', 'Dahl', 'HANSEN']) expect(all).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('keeps the word «per» and the party’s own name, also the surname she shares with a brother', () => {
    expect(copy.case.report.intervention).toBe('Tok [skjermet] med inn, 10 kr per elev i bøtekassa.');
    expect(copy.case.report.pupilName).toBe('Kari Elev');
    expect(copy.plans[0].pupilView).toBe('Kari vil være med.');
    expect(all).toContain('Kari Elev');
  });

  it('leaves out a restorative process between pupils whole, and keeps measures about the party alone', () => {
    expect(copy.plans[0].measures.map((m) => m.description)).toEqual(['Voksen ute i hvert friminutt.', '[skjermet: opplysninger om andre elever]']);
  });

  it('counts what it screened and every free text the leader must read, and leaves the stored case as it was', () => {
    expect(copy.redaction).toEqual({ names: 8, withheld: 1, texts: 11 });
    expect(c.report.observed).toContain('Per Hansen');
    expect(plan.measures[1].description).toContain('Per Hansen');
  });

  it('with no roster, screens no names but still counts the texts for review', () => {
    const bare = partyCopyOf(c, [plan], new NameScreen('Kari Elev', []), marks);
    expect(bare.case.report.observed).toBe(report.observed);
    expect(bare.redaction).toEqual({ names: 0, withheld: 1, texts: 11 });
  });
});
