/**
 * «oversikt» (issue 17) through the real endpoint: the school owner contact (Jon Aas) sees both
 * demo schools, rektor (Ragnhild Berg) her own; a teacher is refused in her language. Figures
 * follow the cases as they change (a report filed through the bot counts at once), small numbers
 * read «under 5», and «Last ned som CSV» gives the same figures through a single-use link for the
 * one who pressed it, refused without a valid link.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { BotClient, buttons, cardText, findVerb, persona, validReport, type As } from '../support/bot-client';
import { forwardCase, openCase, type SkolemiljoCase } from '../../src/domain/case';
import { makePlan, recordInvestigation } from '../../src/domain/casework';
import type { Membership } from '../../src/domain/people';
import { addSchoolDays } from '../../src/domain/school-calendar';
import { calendarFor } from '../../src/app/school-time';
import { DEMO_TENANT } from '../../src/seed';

const jon = persona('Jon');
const rektor = persona('Ragnhild');
const kari = persona('Kari');
const eva = persona('Eva');
const lars = persona('Lars');
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

const m = (schoolId: string, userId: string, roles: Membership['roles']): Membership => ({ tenantId: DEMO_TENANT, schoolId, userId, name: userId, roles, classes: [], trinn: [] });
const cal = calendarFor({}, '2026-11-24');
const day = (d: string) => `${d}T09:00:00.000Z`;

/**
 * A case reported on `reported`, forwarded, investigated `late` school days after its deadline
 * (undefined: not yet), with its first plan `planAfter` school days after the report.
 */
async function aCase(schoolId: string, i: number, reported: string, o: { late?: number; planAfter?: number; staffSuspected?: boolean } = {}): Promise<void> {
  const rektorM = m(schoolId, 'r', ['ansatt', 'rektor']);
  const leader = m(schoolId, 'l', ['ansatt', 'avdelingsleder']);
  const due = addSchoolDays(reported, 5, cal);
  let c: SkolemiljoCase = openCase({
    tenantId: DEMO_TENANT, schoolId, caseId: `${schoolId}-ov-${i}`, ref: `SM-2026-${9000 + i}`, now: day(reported), reporterId: 'ansatt-x',
    report: { ...validReport(), staffSuspected: !!o.staffSuspected, leadershipSuspected: false } as never, suggestedLeaderId: 'l', investigationDue: due,
  }).case;
  c = forwardCase(c, rektorM, leader, day(reported)).case;
  if (o.late !== undefined) {
    const r = recordInvestigation(c, leader, { methods: ['samtale_elev'], findings: 'f' }, day(addSchoolDays(due, o.late, cal)));
    if (Array.isArray(r)) throw new Error('investigation refused');
    c = r.case;
  }
  if (o.planAfter !== undefined) {
    const date = addSchoolDays(reported, o.planAfter, cal);
    const r = makePlan(c, leader, { problem: 'p', measures: [{ level: 'individ', description: 'd', when: 'w', responsibleId: 'l' }], evaluationDate: '2026-12-18', pupilView: 'v', parentsView: '', bestInterests: 'b', proposalsNotChosen: 'nei' }, { staff: [rektorM, leader], today: date, now: day(date) });
    if (Array.isArray(r)) throw new Error('plan refused');
    c = { ...r.case, work: { ...r.case.work!, firstPlan: { date, schoolDays: o.planAfter } } };
  }
  await app.cases.create(c);
}

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  // Ellingsrud: 7 reports in November (investigated: 5 in time, 1 late, 1 not yet and overdue;
  // 5 plans, 3 school days after the report; one § 12-5) and 2 in September.
  const nov = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-09', '2026-11-10'];
  for (const [i, d] of nov.entries()) await aCase('ellingsrud', i, d, { late: i < 5 ? 0 : i === 5 ? 2 : undefined, planAfter: i < 5 ? 8 : undefined, staffSuspected: i === 0 });
  await aCase('ellingsrud', 7, '2026-09-07', { late: -1 });
  await aCase('ellingsrud', 8, '2026-09-08', { late: -1 });
  // Nordberg: 2 reports in November, both investigated in time.
  await aCase('nordberg', 0, '2026-11-02', { late: 0 });
  await aCase('nordberg', 1, '2026-11-03', { late: 0 });
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

/** The card's figures: school → row label → [this month, the school year]. */
function figures(card: any): Record<string, Record<string, [string, string]>> {
  const out: Record<string, Record<string, [string, string]>> = {};
  for (const c of card.body.filter((b: any) => b.type === 'Container' && b.items?.[1]?.type === 'Table')) {
    const rows = c.items[1].rows.slice(1).map((r: any) => r.cells.map((cell: any) => cell.items[0].text));
    out[c.items[0].text] = Object.fromEntries(rows.map((r: string[]) => [r[0], [r[1], r[2]]]));
  }
  return out;
}

const ELLINGSRUD = {
  'Meldinger mottatt': ['7', '9'],
  'Undersøkt innen fristen': ['71 %', '78 %'],
  'Aktivitetsplaner laget': ['5', '5'],
  'Evalueringer på overtid nå': ['0', '0'],
  'Saker avsluttet': ['0', '0'],
  '§ 12-5 og spesielt alvorlige saker': ['under 5', 'under 5'],
  'Median skoledager fra melding til plan': ['8 skoledager', '8 skoledager'],
};

describe('oversikt', () => {
  it('shows the school owner (Jon Aas) both demo schools, small numbers as «under 5», and a chart with a fallback', async () => {
    const [card] = await bot.say(jon, 'oversikt');
    expect(cardText(card)).toContain('Oversikt: aktivitetsplikten ved skolene');
    const f = figures(card);
    expect(Object.keys(f)).toEqual(['Ellingsrud skole (demo)', 'Nordberg skole (demo)']);
    expect(f['Ellingsrud skole (demo)']).toEqual(ELLINGSRUD);
    expect(f['Nordberg skole (demo)']).toEqual({
      'Meldinger mottatt': ['under 5', 'under 5'],
      'Undersøkt innen fristen': ['under 5 saker', 'under 5 saker'],
      'Aktivitetsplaner laget': ['0', '0'],
      'Evalueringer på overtid nå': ['0', '0'],
      'Saker avsluttet': ['0', '0'],
      '§ 12-5 og spesielt alvorlige saker': ['0', '0'],
      'Median skoledager fra melding til plan': ['–', '–'],
    });
    const chart = card.body.find((b: any) => b.type === 'Chart.VerticalBar');
    expect(chart.data).toEqual([{ x: 'Ellingsrud skole (demo)', y: 78 }]);
    expect(chart.fallback.type).toBe('Container');
    expect(cardText(card)).toContain('Ikke i grafen (under 5 undersøkelser med frist): Nordberg skole (demo).');
    expect(buttons(card)).toEqual(['Last ned som CSV']);
    // Counts only: no reference, no name.
    expect(JSON.stringify(card)).not.toMatch(/SM-2026|Ola|ansatt-x/);
  });

  it('shows rektor (Ragnhild Berg) her own school only, per month in the chart', async () => {
    const [card] = await bot.say(rektor, 'oversikt');
    expect(cardText(card)).toContain('Oversikt: aktivitetsplikten ved Ellingsrud skole (demo)');
    expect(figures(card)).toEqual({ 'Ellingsrud skole (demo)': ELLINGSRUD });
    expect(JSON.stringify(card)).not.toContain('Nordberg');
    expect(card.body.find((b: any) => b.type === 'Chart.VerticalBar').data).toEqual([{ x: 'nov. 2026', y: 71 }]);
  });

  it('counts a report filed through the bot at once', async () => {
    const [form] = await bot.say(kari, 'meld fra');
    await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    expect(figures((await bot.say(rektor, 'oversikt'))[0])['Ellingsrud skole (demo)']['Meldinger mottatt']).toEqual(['8', '10']);
  });

  it('refuses a teacher in her language, and answers rektor of Nordberg in nynorsk', async () => {
    expect(cardText((await bot.say(kari, 'oversikt'))[0])).toContain('Oversikten over skolenes arbeid med aktivitetsplikten er for rektor og skoleeier.');
    expect(cardText((await bot.say({ ...kari, locale: 'en-US' }, 'overview'))[0])).toContain('is for the principal and the school owner');
    expect(cardText((await bot.say({ ...lars, locale: 'nn-NO' }, 'oversikt'))[0])).toContain('er for rektor og skoleeigar');
    const forged = await bot.act(kari, 'overview.csv', { schoolId: 'ellingsrud' });
    expect(cardText(forged)).toContain('Oversikten over skolenes arbeid med aktivitetsplikten er for rektor og skoleeier.');
    const nn = cardText((await bot.say({ ...eva, locale: 'nn-NO' }, 'oversikt'))[0]);
    expect(nn).toContain('Oversikt: aktivitetsplikta ved Nordberg skole (demo)');
    expect(nn).toContain('Meldingar mottekne');
  });

  it('answers only in the personal chat', async () => {
    const inChannel: As = { ...jon, conversationId: '19:ledelse@thread.tacv2;messageid=1', conversationType: 'channel' };
    const answer = (await bot.texts(inChannel, 'oversikt')).join(' ');
    expect(answer).toContain('personlige chatten');
  });

  it('«Last ned som CSV»: a single-use link for the one who pressed it, with the same figures; refused without a valid link', async () => {
    const card = await bot.act(jon, 'overview.csv', {});
    const url = JSON.stringify(card).match(/"url":"([^"]+\/exports\/[^"]+)"/)?.[1]?.replace(/\\u0026/g, '&');
    expect(buttons(card)).toContain('Åpne CSV-filen (lenken virker én gang i 10 minutter)');
    expect(url).toBeDefined();
    // Someone else signing in with Jon's link gets nothing.
    const stolen = await new Browser().open(url!, kari);
    expect(stolen.status).toBe(403);
    const fresh = (await bot.act(jon, 'overview.csv', {})) as any;
    const link = JSON.stringify(fresh).match(/"url":"([^"]+\/exports\/[^"]+)"/)![1].replace(/\\u0026/g, '&');
    const file = await new Browser().open(link, jon);
    expect([file.status, file.type]).toEqual([200, 'text/csv; charset=utf-8']);
    const lines = file.body.toString('utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    // Both schools are not all nynorsk: bokmål column names.
    expect(lines[0]).toBe('Skole;Periode;Fra måned;Til måned;Meldinger mottatt;Undersøkt innen fristen (%);Aktivitetsplaner laget;Evalueringer på overtid nå;Saker avsluttet;§ 12-5 og spesielt alvorlige saker;Median skoledager fra melding til plan');
    expect(lines).toContain('Ellingsrud skole (demo);Denne måneden;2026-11;2026-11;8;71;5;0;0;under 5;8');
    expect(lines).toContain('Nordberg skole (demo);Skoleåret 2026–27;2026-08;2026-11;under 5;under 5 saker;0;0;0;0;');
    // Used once: the same link again, a forged one, and one with a wrong signature are dead.
    expect((await new Browser().open(link, jon)).status).toBe(404);
    expect((await new Browser().open(link.replace(/sig=[^&]+/, 'sig=AAAA'), jon)).status).toBe(404);
    expect((await new Browser().open(`${app.url}/exports/${'x'.repeat(32)}?sig=abc`, jon)).status).toBe(404);
  });
});
