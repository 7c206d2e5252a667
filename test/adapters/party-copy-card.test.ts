/** The card the leader reads «Kopi til foresatte» on: the whole copy when it fits, honest when it must shorten. */
import { partyCopyCard } from '../../src/adapters/teams/cards/party-copy-views';
import { CARD_SIZE_LIMIT } from '../../src/adapters/teams/cards/render';
import { buildArchive } from '../../src/app/case-archive';
import { openCase } from '../../src/domain/case';
import { CASEWORK_LIMITS, type ActivityPlan } from '../../src/domain/casework';
import { LIMITS, type Report } from '../../src/domain/report';
import { buttons, cardText } from '../support/bot-client';

const long = (n: number, word = 'Tekst ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);
const report = (observed: string): Report => ({
  pupilName: 'Kari Elev', pupilClass: '6A', signs: ['kvier_seg'], observed, kinds: ['utenforskap'], kindOther: '', where: 'Skolegården', date: '2026-11-23', time: '',
  source: 'eleven', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
});
const caseWith = (observed: string, findings: string) => ({
  ...openCase({ tenantId: 't', schoolId: 's', caseId: 'c1', ref: 'SM-2026-0007', now: '2026-11-24T09:30:00.000Z', reporterId: 'eva', report: report(observed), suggestedLeaderId: 'knut', investigationDue: '2026-12-01' }).case,
  status: 'videresendt' as const,
  work: { members: [], planVersion: 0, evaluationDue: '', evaluations: [], investigation: { methods: ['samtale_elev' as const], findings, recordedAt: '2026-11-25T10:00:00.000Z', recordedBy: 'knut' } },
});
const plan = (version: number): ActivityPlan => ({
  version, problem: long(CASEWORK_LIMITS.text), evaluationDate: '2026-12-16', pupilView: long(CASEWORK_LIMITS.text), parentsView: long(CASEWORK_LIMITS.text), bestInterests: long(CASEWORK_LIMITS.text),
  createdAt: '2026-11-26T10:00:00.000Z', createdBy: 'knut',
  measures: Array.from({ length: CASEWORK_LIMITS.measures }, () => ({ level: 'klasse' as const, description: long(CASEWORK_LIMITS.measure), when: long(CASEWORK_LIMITS.when), responsibleId: 'knut' })),
});
const view = (c: ReturnType<typeof caseWith>, plans: ActivityPlan[]) => ({
  case: c,
  doc: buildArchive({ case: c, plans, log: [], school: undefined, staffNames: { knut: 'Knut Berg' }, printedBy: 'Knut Berg', now: new Date('2026-12-20T10:00:00Z'), copy: true }),
  redaction: { names: 1, withheld: 0, texts: 2 },
  digest: 'd',
});
const SHORTENED = 'Kortet er for lite til hele kopien, så lange tekster er forkortet.';

describe('the copy’s review card', () => {
  it('shows a small case whole, with the counts and «Godkjenn og last ned»', () => {
    const card = partyCopyCard('nb', view(caseWith('[skjermet] dyttet Kari.', 'Kari blir holdt utenfor.'), []));
    const text = cardText(card);
    expect(text).toContain('[skjermet] dyttet Kari.');
    expect(text).toContain('Navn skjermet');
    expect(text).not.toContain(SHORTENED);
    expect(buttons(card)).toEqual(['Godkjenn og last ned', 'Tilbake til saken']);
  });

  it('fits Teams’ limit for a case at every limit, says the texts are shortened and that the PDF has them whole', () => {
    const card = partyCopyCard('nb', view(caseWith(long(LIMITS.longText), long(CASEWORK_LIMITS.findings)), [plan(1), plan(2), plan(3)]));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_SIZE_LIMIT);
    expect(cardText(card)).toContain(`${SHORTENED} Hele kopien står i PDF-en: les den før du gir den til eleven og foresatte.`);
    expect(buttons(card)).toContain('Godkjenn og last ned');
  });
});
