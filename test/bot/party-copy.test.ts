/**
 * «Kopi til foresatte» (issue 16, part 5) through the bot: the leader reads the copy with other
 * pupils' names screened, approves it, and downloads the PDF through the single-use link; the
 * approval is in the case log with counts only; a kontaktlærer who may not export is refused.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { pdfText } from '../support/pdf-text';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const S = 'ellingsrud';
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const OWN = 'Ola Testesen';

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
let ref = '';
let caseId = '';

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  // Kari is kontaktlærer in 8A: her class roster is what the school knows of the pupils' names.
  const [talks] = await bot.say(kari, 'elevsamtaler');
  await bot.act(kari, 'talks.roster.add', { ...findVerb(talks, 'Legg til elever').data, names: `${OWN}\nPer Hansen\nSiri Dahl`, under18: 'true' });
  const [form] = await bot.say(kari, 'meld fra');
  const report = validReport({ observed: 'Per Hansen dyttet Ola Testesen i friminuttet, og Siri lo da Per gikk.', intervention: 'Jeg gikk imellom og snakket med Per og Ola.' });
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...report });
  ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  caseId = (await app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ref)!.caseId;
  await app.dispatcher.idle();
  await bot.act(rektor, 'case.forward', { schoolId: S, caseId, leaderId: lars.userId });
  await app.dispatcher.idle();
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

const linkOf = (card: unknown) => JSON.stringify(card).match(/"url":"([^"]+\/exports\/[^"]+)"/)?.[1]?.replace(/\\u0026/g, '&');
const logOf = async () => app.caseLog.list(DEMO_TENANT, S, caseId);

describe('«Kopi til foresatte»', () => {
  let copy: Record<string, unknown>;

  it('is offered to the leader on the case card, and shows him the copy with other pupils screened and the pupil’s own name kept', async () => {
    const [card] = await bot.say(lars, `sak ${ref}`);
    expect(buttons(card)).toContain('Kopi til foresatte');
    copy = await bot.act(lars, findVerb(card, 'Kopi til foresatte').verb, findVerb(card, 'Kopi til foresatte').data);
    const text = cardText(copy);
    expect(text).toContain(`Kopi til foresatte – ${ref}`);
    expect(text).toContain('[skjermet] dyttet Ola Testesen i friminuttet, og [skjermet] lo da [skjermet] gikk.');
    expect(text).toContain('snakket med [skjermet] og Ola.');
    expect(text).not.toMatch(/Per|Hansen|Siri|Dahl/);
    expect(text).toContain('er byttet ut med «[skjermet]»');
    expect(text).toContain('Maskinen finner ikke alt: les hver tekst');
    expect(buttons(copy)).toEqual(['Godkjenn og last ned', 'Tilbake til saken']);
    // Reading it issues nothing and logs no approval.
    expect(linkOf(copy)).toBeUndefined();
    expect((await logOf()).some((e) => e.action === 'kopi_godkjent')).toBe(false);
  });

  it('gives the link only on approval, logs the approval with counts and no names, and the PDF holds no other pupil', async () => {
    const { verb, data } = findVerb(copy, 'Godkjenn og last ned');
    const approved = await bot.act(lars, verb, data);
    expect(buttons(approved)).toContain('Åpne kopien (PDF)');
    expect(cardText(approved)).toContain('Lenken til PDF-en virker én gang i 10 minutter.');
    expect(buttons(approved)).not.toContain('Godkjenn og last ned');
    const url = linkOf(approved);
    expect(url).toBeDefined();

    const entry = (await logOf()).filter((e) => e.action === 'kopi_godkjent');
    expect(entry).toHaveLength(1);
    expect(entry[0].actorId).toBe(lars.userId);
    expect(entry[0].detail).toBe('navn=4;felt=0;tekster=3');
    expect(JSON.stringify(entry)).not.toMatch(/Ola|Testesen|Per|Hansen|Siri|Dahl/);

    const pdf = await new Browser().open(url!, lars);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    const text = pdfText(pdf.body);
    expect(text).toContain(OWN);
    expect(text).toContain('Kopi til foresatte – opplysninger om andre elever er skjermet, jf. forvaltningsloven § 19');
    expect(text).toContain('[skjermet]');
    expect(text).not.toMatch(/Per|Hansen|Siri|Dahl/);
    expect((await logOf()).at(-1)).toMatchObject({ action: 'eksportert', actorId: lars.userId, detail: 'kopi' });
    expect(app.logs.join('')).not.toMatch(/Hansen|Siri/);
  });

  it('speaks nynorsk to a leader who uses Teams in nynorsk, and the copy stays in the school’s bokmål', async () => {
    const nn = await bot.act({ ...lars, locale: 'nn-NO' }, 'case.copy.open', { schoolId: S, caseId });
    const text = cardText(nn);
    expect(text).toContain(`Kopi til føresette – ${ref}`);
    expect(text).toContain('Namn på andre elevar som står i klasselistene, er bytte ut med «[skjermet]»');
    expect(text).toContain('Kopi til foresatte – opplysninger om andre elever er skjermet, jf. forvaltningsloven § 19');
    expect(buttons(nn)).toEqual(['Godkjenn og last ned', 'Tilbake til saka']);
  });

  it('asks for a new reading when the approval is for a copy that is no longer the case’s', async () => {
    const before = (await logOf()).filter((e) => e.action === 'kopi_godkjent').length;
    const stale = await bot.act(lars, 'case.copy.approve', { schoolId: S, caseId, digest: 'what-he-read-before-the-change' });
    expect(cardText(stale)).toContain('Saken er endret siden du åpnet kopien.');
    expect(linkOf(stale)).toBeUndefined();
    expect((await logOf()).filter((e) => e.action === 'kopi_godkjent').length).toBe(before);
  });

  it('a copy approved before the case changed gives nothing, and the card read before the change cannot be approved', async () => {
    const opened = await bot.act(lars, 'case.copy.open', { schoolId: S, caseId });
    const { verb, data } = findVerb(opened, 'Godkjenn og last ned');
    const url = linkOf(await bot.act(lars, verb, data));
    expect(url).toBeDefined();
    // Then the case changes: Lars connects the elevrådgiver (the copy names who is connected).
    await bot.act(lars, 'work.connect.save', { schoolId: S, caseId, memberId: persona('Sara').userId });
    const exports = (await logOf()).filter((e) => e.action === 'eksportert').length;
    const pdf = await new Browser().open(url!, lars);
    expect(pdf.type).not.toContain('pdf');
    expect((await logOf()).filter((e) => e.action === 'eksportert').length).toBe(exports);
    const again = await bot.act(lars, verb, data);
    expect(cardText(again)).toContain('Saken er endret siden du åpnet kopien.');
    expect(linkOf(again)).toBeUndefined();
  });

  it('refuses the kontaktlærer who may not export the case: the same answer as a case that does not exist, and nothing logged', async () => {
    const [hers] = await bot.say(kari, `sak ${ref}`);
    expect(buttons(hers)).not.toContain('Kopi til foresatte');
    const issued = async () => (await logOf()).filter((e) => e.action === 'kopi_godkjent' || e.action === 'eksportert').length;
    const before = await issued();
    for (const verb of ['case.copy.open', 'case.copy.approve']) {
      const forged = await bot.act(kari, verb, { schoolId: S, caseId });
      const missing = await bot.act(kari, verb, { schoolId: S, caseId: 'c-does-not-exist' });
      expect(cardText(forged)).toBe(cardText(missing));
      expect(cardText(forged)).not.toContain('[skjermet]');
      expect(linkOf(forged)).toBeUndefined();
    }
    expect(await issued()).toBe(before);
  });

  it('still screens the names of the class the case began in after the school year has turned', async () => {
    clock.at = new Date('2027-08-20T09:00:00Z');
    const text = cardText(await bot.act(lars, 'case.copy.open', { schoolId: S, caseId }));
    expect(text).toContain('[skjermet] dyttet Ola Testesen i friminuttet');
    expect(text).not.toMatch(/Per|Hansen|Siri|Dahl/);
  });
});
