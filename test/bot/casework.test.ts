/**
 * The whole life of a skolemiljø case through the real HTTP endpoint, Azurite and a local
 * connector, acting as each persona: reported, forwarded, miljøteam connected, investigated,
 * planned (two versions), evaluated, closed and exported — and every refusal on the way.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const mona = persona('Mona');
const sara = persona('Sara');
const eva = persona('Eva');
const emma = persona('Emma');

const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
let ref = '';
let caseId = '';
const S = 'ellingsrud';

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  at('2026-11-24T09:30:00Z');
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
  ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  caseId = (await app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ref)!.caseId;
  await app.dispatcher.idle();
  const notice = connector.cardsFor(rektor.userId).at(-1)!;
  await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
  await app.dispatcher.idle();
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

const act = (who: { userId: string; teamsId: string }, verb: string, data: Record<string, unknown> = {}) => bot.act(who, verb, { schoolId: S, caseId, ...data });
const stored = async () => (await app.cases.get(DEMO_TENANT, S, caseId))!;
/** The leader talked with the pupil, the parents and the kontaktlærer (004 §8.7). */
const allTookPart = { pupilTookPart: 'ja', parentsTookPart: 'ja', teacherTookPart: 'ja' };
const fieldValue = (card: unknown, id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id.replace('.', '\\.')}"[^}]*?"value":"([^"]*)"`))?.[1];

describe('the nærmeste leder works the case', () => {
  it('the leader’s case card offers the first steps: connect miljøteam, record the investigation, call the reporter', async () => {
    const [card] = await bot.say(lars, `sak ${ref}`);
    expect(buttons(card)).toEqual(expect.arrayContaining(['Koble til miljøteam', 'Registrer undersøkelsen', 'Kall inn til samtale']));
    expect(cardText(card)).toContain('Koble til miljøteamet, og kall inn Kari Nordmann til en samtale snarest. Undersøk saken (delplikt 4)');
    expect(card.refresh.userIds).toEqual(expect.arrayContaining([lars.userId, rektor.userId]));
  });

  it('connects Sara from miljøteamet: she is told, sees the case, and has no casework buttons', async () => {
    const form = await act(lars, 'work.connect.open');
    expect(cardText(form)).toContain('Sara Khan');
    expect(cardText(form)).not.toContain('Kari Nordmann'); // only miljøteam and elevrådgivere
    const card = await act(lars, 'work.connect.save', { memberId: sara.userId });
    expect(cardText(card)).toContain('Sara Khan er koblet til saken og har fått beskjed.');
    await app.dispatcher.idle();
    expect(cardText(connector.cardsFor(sara.userId).at(-1))).toContain(ref);
    const [hers] = await bot.say(sara, `sak ${ref}`);
    expect(cardText(hers)).toContain('Ola Testesen');
    expect(buttons(hers)).not.toContain('Registrer undersøkelsen');
    // Connecting her again changes nothing.
    expect(cardText(await act(lars, 'work.connect.save', { memberId: sara.userId }))).toContain('allerede koblet til');
    // A teacher is not miljøteam: refused, nothing changes.
    expect(cardText(await act(lars, 'work.connect.save', { memberId: kari.userId }))).toContain('er ikke i miljøteamet');
    expect((await stored()).work!.members.map((m) => m.userId)).toEqual([sara.userId]);
  });

  it('refuses a plan before the investigation, and casework by anyone but the leader and rektor', async () => {
    expect(cardText(await act(lars, 'work.plan.save', { problem: 'x', evaluationDate: '2026-12-18', pupilView: 'x', bestInterests: 'x' }))).toContain(
      'Registrer undersøkelsen før du lager aktivitetsplanen',
    );
    const monaSays = cardText(await act(mona, 'work.investigation.save', { methods: 'samtale_elev', findings: 'x' }));
    expect(monaSays).toContain('Fant ikke saken');
    expect(cardText(await act(sara, 'work.investigation.save', { methods: 'samtale_elev', findings: 'x' }))).toContain('Spør nærmeste leder for saken eller rektor.');
    expect(cardText(await act(eva, 'work.investigation.open'))).toContain('Fant ikke saken');
    expect(cardText(await act(emma, 'work.investigation.open'))).not.toContain('Undersøkelse');
    expect((await stored()).work?.investigation).toBeUndefined();
  });

  it('records the investigation: the form keeps what was typed when something is missing, then the deadline reminders stop', async () => {
    const form = await act(lars, 'work.investigation.open');
    expect(cardText(form)).toContain('Ikke skriv sensitive opplysninger om andre elever.');
    const again = await act(lars, 'work.investigation.save', { methods: 'samtale_elev,sosiogram', findings: '' });
    expect(cardText(again)).toContain('Må fylles ut.');
    expect(fieldValue(again, 'methods')).toBe('samtale_elev,sosiogram');
    const card = await act(lars, 'work.investigation.save', { methods: 'samtale_elev,sosiogram,samtale_foresatte', findings: 'Ola opplever seg utenfor i friminuttene.' });
    expect(cardText(card)).toContain('Undersøkelsen er registrert. Påminnelsene om fristen er stoppet.');
    expect(buttons(card)).toContain('Lag aktivitetsplan');
    const c = await stored();
    expect(c.investigationRecordedAt).toBeDefined();
    at('2026-12-01T07:05:00Z');
    const before = connector.cardsFor(lars.userId).length;
    await app.reminderSweeper.sweep();
    // The investigation's reminders have stopped; only the one to call the reporter in is left
    // (004 §8.3 «innkaller snarest»: no conversation has been called yet).
    expect(connector.cardsFor(lars.userId).slice(before).map(cardText).filter((t) => t.includes('undersøke'))).toEqual([]);
    expect((await app.reminders.forCase(DEMO_TENANT, S, caseId)).map((x) => x.duty)).toEqual(['kalle_inn']);
    at('2026-11-25T10:00:00Z');
  });

  it('builds the aktivitetsplan one measure at a time: a pupil cannot be responsible, nothing typed is lost', async () => {
    const plan = await act(lars, 'work.plan.open');
    expect(cardText(plan)).toContain('Ingen tiltak ennå');
    // Defaults to 15 school days (three weeks) ahead: Wednesday 25 November → Wednesday 16 December.
    expect(fieldValue(plan, 'evaluationDate')).toBe('2026-12-16');
    const typed = {
      problem: 'Ola er alene i friminuttene.',
      evaluationDate: '2026-12-16',
      pupilView: 'Ola vil ha en voksen ute.',
      parentsView: 'Foresatte vil at den andre eleven bytter klasse.',
      bestInterests: 'Trygghet i friminuttene veier tyngst.',
      proposalsNotChosen: 'ja',
      notChosenWhy: 'Klassebytte for den andre eleven er ikke til hans beste; skolen setter inn voksen i friminuttene i stedet.',
    };

    const m1 = await act(lars, 'work.plan.measure', typed);
    expect(cardText(m1)).toContain('Nytt tiltak i aktivitetsplanen');
    const bad = await act(lars, 'work.measure.save', { level: 'individ', description: 'Fast voksen i friminuttet', when: 'Hvert friminutt fra 30.11.', responsibleId: emma.userId });
    expect(cardText(bad)).toContain('Den ansvarlige må være ansatt ved skolen, ikke en elev eller en forelder.');
    expect(fieldValue(bad, 'description')).toBe('Fast voksen i friminuttet');
    const back = await act(lars, 'work.measure.save', { level: 'individ', description: 'Fast voksen i friminuttet', when: 'Hvert friminutt fra 30.11.', responsibleId: kari.userId });
    expect(cardText(back)).toContain('1. Individ: Fast voksen i friminuttet – Hvert friminutt fra 30.11. – ansvarlig: Kari Nordmann');
    // What was typed on the plan before adding the measure is still there.
    expect(fieldValue(back, 'problem')).toBe('Ola er alene i friminuttene.');
    // 004 §8.6: a restorative process is a measure of its own kind.
    const m2 = await act(lars, 'work.plan.measure', typed);
    expect(cardText(m2)).toContain('Gjenopprettende prosess');
    const withRestorative = await act(lars, 'work.measure.save', { level: 'klasse', description: 'Klassemøte om inkludering', when: 'Klassens time uke 49', responsibleId: kari.userId, restorative: 'elev_elev' });
    expect(cardText(withRestorative)).toContain('2. Klasse: Klassemøte om inkludering – Klassens time uke 49 – ansvarlig: Kari Nordmann (gjenopprettende prosess, elev–elev)');

    // 004 §8.5 «må skolen begrunne dette i aktivitetsplanen»: the parents proposed something the school does not put in.
    const unanswered = await act(lars, 'work.plan.save', { ...typed, proposalsNotChosen: '', notChosenWhy: '' });
    expect(cardText(unanswered)).toContain('Ikke lagret ennå. Rett det som er merket.');
    expect(fieldValue(unanswered, 'parentsView')).toBe(typed.parentsView);
    const noReason = await act(lars, 'work.plan.save', { ...typed, notChosenWhy: ' ' });
    expect(cardText(noReason)).toContain('Må fylles ut.');
    expect((await stored()).work!.planVersion).toBe(0);

    // Without the pupil's view the plan is not saved, and says why.
    const missing = await act(lars, 'work.plan.save', { ...typed, pupilView: '' });
    expect(cardText(missing)).toContain('Må fylles ut.');
    expect((await stored()).work!.planVersion).toBe(0);

    const saved = await act(lars, 'work.plan.save', typed);
    expect(cardText(saved)).toContain('Aktivitetsplanen (versjon 1) er lagret. Evaluering 16.12.2026.');
    expect(cardText(saved)).toContain('Fast voksen i friminuttet');
    const plans = await app.cases.plans(DEMO_TENANT, S, caseId);
    expect(plans.map((p) => [p.version, p.measures.length, p.measures[1].restorative, p.proposalsNotChosen, p.notChosenWhy])).toEqual([[1, 2, 'elev_elev', 'ja', typed.notChosenWhy]]);
    // With the plan, the pupil's and the parents' rights and their route to the statsforvalter (opplæringsloven § 12-6).
    const t = cardText(saved);
    expect(t).toContain('Informasjon til eleven og foresatte');
    for (const words of ['trygt og godt skolemiljø', '§ 12-4', 'rektor', 'statsforvalteren (§ 12-6)', 'vedta hva skolen skal gjøre']) expect(t).toContain(words);
    // The evaluation meeting with the kontaktlærer is in the calendar, and Kari is invited.
    await app.reminderSweeper.sweep();
    const c = await stored();
    expect(c.meetings?.find((m) => m.purpose === 'evaluering')).toMatchObject({ organizerId: lars.userId, attendeeIds: [kari.userId], status: 'booket' });
    expect(cardText(connector.cardsFor(kari.userId).at(-1))).toContain('evaluering av aktivitetsplanen');
  });

  it('the reporter sees the status only: no investigation, no plan', async () => {
    const [card] = await bot.say(kari, `sak ${ref}`);
    const t = cardText(card);
    expect(t).toContain(ref);
    for (const secret of ['Ola opplever', 'Fast voksen', 'Ola er alene']) expect(t).not.toContain(secret);
  });

  it('cannot be closed before the plan is evaluated; adjusting makes version 2 and keeps version 1 as it was', async () => {
    // «kreves det at den siste planen evalueres»: the close card says what is missing and offers the evaluation.
    const notEvaluated = await act(lars, 'work.close.save', { pupilDoingWell: 'true', adultsNotWorried: 'true' });
    expect(cardText(notEvaluated)).toContain('Den siste aktivitetsplanen er ikke evaluert ennå.');
    expect(buttons(notEvaluated)).toContain('Evaluer planen');
    expect((await stored()).status).toBe('videresendt');
    at('2026-12-16T13:00:00Z');
    // On the evaluation day the leader is reminded, with the pupil and parents to involve.
    await app.reminderSweeper.sweep();
    // (Lars has not called Kari in yet, so the «innkaller snarest» reminder comes too: 004 §8.3.)
    expect(connector.cardsFor(lars.userId).map(cardText)).toContainEqual(expect.stringContaining(`Aktivitetsplanen i saken ${ref} skal evalueres i dag, onsdag 16.12.2026. Husk å involvere eleven og foresatte.`));
    // At 14.00, the time of the evaluation meeting: nothing to ask about the meeting.
    const evalCard = await act(lars, 'work.evaluate.save', { outcome: 'justere', evalNote: 'Bedre ute, fortsatt vanskelig i gymtimene.', ...allTookPart });
    expect(cardText(evalCard)).toContain('Evalueringen er lagret.');
    expect(buttons(evalCard)).toContain('Lag ny versjon av planen');
    const v2 = await act(lars, 'work.plan.open');
    expect(cardText(v2)).toContain('Fast voksen i friminuttet'); // starts from version 1
    await act(lars, 'work.plan.remove', { index: 1, problem: 'Ola er alene i friminuttene og i gymtimene.', evaluationDate: '2027-01-15', pupilView: 'Ola vil ha en voksen ute.', parentsView: 'Foresatte er enige.', bestInterests: 'Trygghet veier tyngst.', proposalsNotChosen: 'nei' });
    await act(lars, 'work.plan.measure', { problem: 'Ola er alene i friminuttene og i gymtimene.', evaluationDate: '2027-01-15', pupilView: 'Ola vil ha en voksen ute.', parentsView: 'Foresatte er enige.', bestInterests: 'Trygghet veier tyngst.', proposalsNotChosen: 'nei' });
    await act(lars, 'work.measure.save', { level: 'skole', description: 'Gymlærerne får veiledning om inkludering', when: 'Januar 2027', responsibleId: rektor.userId });
    const saved = await act(lars, 'work.plan.save', { problem: 'Ola er alene i friminuttene og i gymtimene.', evaluationDate: '2027-01-15', pupilView: 'Ola vil ha en voksen ute.', parentsView: 'Foresatte er enige.', bestInterests: 'Trygghet veier tyngst.', proposalsNotChosen: 'nei' });
    expect(cardText(saved)).toContain('Aktivitetsplanen (versjon 2) er lagret.');
    const plans = await app.cases.plans(DEMO_TENANT, S, caseId);
    expect(plans.map((p) => [p.version, p.problem, p.measures.map((m) => m.level).join(',')])).toEqual([
      [1, 'Ola er alene i friminuttene.', 'individ,klasse'],
      [2, 'Ola er alene i friminuttene og i gymtimene.', 'individ,skole'],
    ]);
  });

  it('an early evaluation needs a reason and records who took part; the meeting it comes before is kept or cancelled, and the invitees are told why', async () => {
    at('2027-01-14T09:00:00Z'); // the day before the plan's evaluation date, 15 January
    const form = await act(lars, 'work.evaluate.open');
    expect(cardText(form)).toContain('Evalueringsdatoen er fredag 15.1.2027. Hvorfor evalueres planen før?');
    expect(cardText(form)).toContain('Evalueringsmøtet 15.1.2027 kl. 14.00 er ikke holdt ennå. Hva skal skje med det?');
    const typed = { outcome: 'fortsette', evalNote: 'Bedre i gymtimene.', nextEvaluationDate: '2027-01-29', pupilTookPart: 'ja', parentsTookPart: 'nei', teacherTookPart: 'ja' };
    const refused = await act(lars, 'work.evaluate.save', typed);
    expect(cardText(refused)).toContain('Planen evalueres før evalueringsdatoen: skriv hvorfor.');
    expect(cardText(refused)).toContain('Skriv hvorfor ikke.');
    expect(fieldValue(refused, 'evalNote')).toBe('Bedre i gymtimene.');
    expect((await stored()).work!.evaluations).toHaveLength(1);

    const saved = await act(lars, 'work.evaluate.save', { ...typed, earlyReason: 'Foresatte ba om å ta evalueringen før helgen.', parentsWhy: 'Syke; ringt dagen etter.', meetingChoice: 'avlys' });
    expect(cardText(saved)).toContain('Evalueringen er lagret.');
    const last = (await stored()).work!.evaluations.at(-1)!;
    expect([last.earlyReason, last.dialogue?.parents, last.meeting]).toEqual(['Foresatte ba om å ta evalueringen før helgen.', { tookPart: false, why: 'Syke; ringt dagen etter.' }, 'avlys']);

    // The meeting leaves the calendar, and Kari hears why rather than finding it gone.
    await app.reminderSweeper.sweep();
    const meeting = (await stored()).meetings!.find((m) => m.purpose === 'evaluering' && m.start === '2027-01-15T13:00:00.000Z')!;
    expect([meeting.status, meeting.bookedVersion]).toEqual(['avlyst', meeting.version]);
    const told = cardText(connector.cardsFor(kari.userId).at(-1));
    expect(told).toContain(`Møtet fredag 15.1.2027`);
    expect(told).toContain(`om saken ${ref} er avlyst av Lars Eide. Det er tatt ut av kalenderen. Evalueringen av aktivitetsplanen er allerede gjort, så møtet trengs ikke.`);
    // The calendar file says so too (method CANCEL, with the message).
    const ics = (await (await fetch(meeting.webLink)).text()).replace(/\r\n[ \t]/g, '').replace(/\\,/g, ',');
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain(`Avlyst: evalueringen av aktivitetsplanen i sak ${ref} er allerede gjort, så møtet trengs ikke.`);
  });

  it('«Avslutt» needs an evaluation that ends the measures: not straight after «videreføres»', async () => {
    const [card] = await bot.say(lars, `sak ${ref}`);
    expect(buttons(card)).not.toContain('Avslutt saken');
    const blocked = await act(lars, 'work.close.open');
    expect(cardText(blocked)).toContain('Den siste evalueringen sa at tiltakene videreføres.');
    expect(buttons(blocked)).toContain('Evaluer planen');
    expect(cardText(await act(lars, 'work.close.save', { pupilDoingWell: 'true', adultsNotWorried: 'true' }))).toContain('Den siste evalueringen sa at tiltakene videreføres.');
    expect((await stored()).status).toBe('videresendt');
  });

  it('ends the measures, then closes only when the pupil is well and the adults no longer worried; the reporter is told', async () => {
    at('2027-01-29T09:00:00Z'); // the next evaluation date
    const ended = await act(lars, 'work.evaluate.save', { outcome: 'avslutte', evalNote: 'Ola sier han har det bra.', ...allTookPart });
    expect(buttons(ended)).toContain('Avslutt saken');
    const notYet = await act(lars, 'work.close.save', { pupilDoingWell: 'true', adultsNotWorried: 'false', closeNote: 'Referat fra møtet' });
    expect(cardText(notYet)).toContain('Må bekreftes før saken kan avsluttes.');
    expect(JSON.stringify(notYet)).toContain('Referat fra møtet');
    const before = connector.cardsFor(kari.userId).length;
    const closed = await act(lars, 'work.close.save', { pupilDoingWell: 'true', adultsNotWorried: 'true', closeNote: 'Referat fra møtet' });
    expect(cardText(closed)).toContain('Saken er avsluttet.');
    expect((await stored()).status).toBe('avsluttet');
    await app.dispatcher.idle();
    expect(connector.cardsFor(kari.userId).length).toBe(before + 1);
    expect(cardText(connector.cardsFor(kari.userId).at(-1))).toBe(`Saken er avsluttet\nSaken ${ref} som du meldte, er fulgt opp og nå avsluttet. Takk for at du meldte fra.`);
    // Nothing more can be done on a closed case.
    expect(cardText(await act(lars, 'work.investigation.save', { methods: 'loggbok', findings: 'x' }))).toContain('Saken er avsluttet.');
  });

  it('exports the whole case as a PDF for rektor, signed in as herself (the link rules: test/bot/export.test.ts)', async () => {
    const pressed = await act(rektor, 'case.export');
    const url = JSON.stringify(pressed).match(/"url":"([^"]+\/exports\/[^"]+)"/)?.[1]?.replace(/\\u0026/g, '&');
    expect(url).toBeDefined();
    const res = await new Browser().open(url!, rektor);
    expect([res.status, res.type]).toEqual([200, 'application/pdf']);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    // The reporter never gets the button.
    const [hers] = await bot.say(kari, `sak ${ref}`);
    expect(buttons(hers)).not.toContain('Last ned saken (PDF)');
    const log = await app.caseLog.list(DEMO_TENANT, S, caseId);
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['koblet_til', 'undersokelse_registrert', 'plan_laget', 'plan_evaluert', 'avsluttet', 'eksportert']));
  });

  it('with the archive off (ARCHIVE=none, the default) the whole life wrote no archive job, and the card says nothing of an archive', async () => {
    expect(await app.archiveJobs.forCase(DEMO_TENANT, S, caseId)).toEqual([]);
    expect(app.archive).toBeUndefined();
    expect(cardText((await bot.say(lars, `sak ${ref}`))[0])).not.toMatch(/arkiv/i);
  });
});

describe('mine saker', () => {
  async function reportAndForward(): Promise<string> {
    const [form] = await bot.say(kari, 'meld fra');
    const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    const r = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    await app.dispatcher.idle();
    const notice = connector.cardsFor(rektor.userId).find((c) => cardText(c).includes(r))!;
    await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
    await app.dispatcher.idle();
    return r;
  }

  it('lists the leader’s overdue cases first, then open ones newest first, closed last; the reporter sees no deadlines', async () => {
    at('2027-01-18T09:00:00Z'); // Monday
    const late = await reportAndForward(); // due Monday 25 January
    at('2027-01-26T09:00:00Z');
    const fresh = await reportAndForward();
    const [list] = await bot.say(lars, 'mine saker');
    const t = cardText(list);
    const order = [late, fresh, ref].map((r) => t.indexOf(r));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(t).toContain('⚠ Undersøkelsen skulle vært gjort mandag 25.1.2027');
    const [hers] = await bot.say(kari, 'mine saker');
    expect(cardText(hers)).toContain(late);
    expect(cardText(hers)).not.toContain('⚠');
  });

  it('shows a connected miljøteam member the cases she is connected to, and only those', async () => {
    const [list] = await bot.say(sara, 'mine saker');
    expect(cardText(list)).toContain(ref);
    const others = (await app.cases.listBySchool(DEMO_TENANT, S)).filter((c) => c.ref !== ref).map((c) => c.ref);
    for (const r of others) expect(cardText(list)).not.toContain(r);
  });
});
