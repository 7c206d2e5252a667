/**
 * A case as a PDF (issue 13, M1 and M3): «Last ned» issues a new link for the one who pressed
 * it; the browser must sign in (here the development stand-in for Entra, through the same MSAL
 * flow as production) as that same person; the link works once and for minutes only. Storage
 * failing while a link is opened is answered 503 and the service goes on.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';
import { azuriteConnectionString } from '../../src/config';
import { startAzurite } from '../../scripts/azurite';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const S = 'ellingsrud';

const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
let ref = '';
let caseId = '';

async function reportAndForward(a: TestApp, b: BotClient): Promise<{ ref: string; caseId: string }> {
  const [form] = await b.say(kari, 'meld fra');
  const receipt = await b.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
  const r = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  const id = (await a.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === r)!.caseId;
  await a.dispatcher.idle();
  await b.act(rektor, 'case.forward', { schoolId: S, caseId: id, leaderId: lars.userId });
  await a.dispatcher.idle();
  return { ref: r, caseId: id };
}

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  ({ ref, caseId } = await reportAndForward(app, bot));
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

/** The «Åpne PDF-en» link on the card «Last ned saken (PDF)» answers with. */
const press = async (who: { userId: string; teamsId: string }): Promise<{ card: any; url?: string }> => {
  const card = await bot.act(who, 'case.export', { schoolId: S, caseId });
  const url = JSON.stringify(card).match(/"url":"([^"]+\/exports\/[^"]+)"/)?.[1]?.replace(/\\u0026/g, '&');
  return { card, url };
};
const exported = async () => (await app.caseLog.list(DEMO_TENANT, S, caseId)).filter((e) => e.action === 'eksportert');

describe('«Last ned saken (PDF)»', () => {
  it('is a button on rektor’s and the leader’s case card that makes no link until it is pressed', async () => {
    for (const who of [rektor, lars]) {
      const [card] = await bot.say(who, `sak ${ref}`);
      expect(buttons(card)).toContain('Last ned saken (PDF)');
      expect(JSON.stringify(card)).not.toContain('/exports/');
    }
  });

  it('gives rektor a fresh link each press; signed in as herself she gets the PDF once, and the download is logged', async () => {
    const first = await press(rektor);
    const second = await press(rektor);
    expect(buttons(first.card)).toContain('Åpne PDF-en (lenken virker én gang i 10 minutter)');
    expect(first.url).toBeDefined();
    expect(second.url).not.toBe(first.url);
    const before = (await exported()).length;
    const pdf = await new Browser().open(first.url!, rektor);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const log = await exported();
    expect(log.length).toBe(before + 1);
    expect(log.at(-1)!.actorId).toBe(rektor.userId);
    // Single use: the same link a second time is dead, even for her.
    const again = await new Browser().open(first.url!, rektor);
    expect(again.status).toBe(404);
    expect(again.body.toString()).toBe('Lenken er ugyldig eller utløpt. Åpne saken i Meld fra og last den ned på nytt.');
  });

  it('is useless forwarded: whoever signs in as someone else gets nothing, nothing is logged, and the link is spent', async () => {
    const { url } = await press(rektor);
    const before = (await exported()).length;
    const forwarded = await new Browser().open(url!, kari);
    expect(forwarded.status).toBe(403);
    expect(forwarded.type).not.toContain('pdf');
    expect(forwarded.body.toString()).toBe('Lenken er laget for en annen bruker. Åpne saken i Meld fra og trykk «Last ned saken (PDF)» selv.');
    expect((await exported()).length).toBe(before);
    expect((await new Browser().open(url!, rektor)).status).toBe(404);
    // Signed in as rektor but in another tenant: the same refusal.
    const other = await press(rektor);
    expect((await new Browser().open(other.url!, { userId: rektor.userId, tenantId: '11111111-2222-4333-8444-555555555555' })).status).toBe(403);
    expect(app.logs.join('')).not.toContain('Ragnhild');
  });

  it('asks the access rule again when the link is opened: a leader who lost the role since pressing gets nothing, and nothing is logged', async () => {
    const { url } = await press(lars);
    expect(url).toBeDefined();
    const [his] = (await app.directory.membershipsOf(DEMO_TENANT, lars.userId)).filter((m) => m.schoolId === S);
    await app.directory.upsertMembership({ ...his, roles: his.roles.filter((r) => r !== 'avdelingsleder') });
    try {
      const before = (await exported()).length;
      const res = await new Browser().open(url!, lars);
      expect(res.status).toBe(404);
      expect(res.type).not.toContain('pdf');
      expect(res.body.toString()).toBe('Lenken er ugyldig eller utløpt. Åpne saken i Meld fra og last den ned på nytt.');
      expect((await exported()).length).toBe(before);
    } finally {
      await app.directory.upsertMembership(his);
    }
    // With the role back, a new press works again.
    expect((await new Browser().open((await press(lars)).url!, lars)).status).toBe(200);
  });

  it('expires within minutes, and a changed signature or token is not found', async () => {
    const { url } = await press(rektor);
    const forged = url!.replace(/sig=[^&]+/, 'sig=forged');
    expect((await new Browser().open(forged, rektor)).status).toBe(404);
    expect((await new Browser().open(url!.replace(/exports\/[^?]{4}/, 'exports/AAAA'), rektor)).status).toBe(404);
    clock.at = new Date(clock.at.getTime() + 11 * 60_000);
    expect((await new Browser().open(url!, rektor)).status).toBe(404);
  });

  it('opened twice at once, in two signed-in browsers, gives the PDF exactly once', async () => {
    const { url } = await press(rektor);
    const both = await Promise.all([new Browser().open(url!, rektor), new Browser().open(url!, rektor)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 404]);
  });

  it('is never offered to the reporter, and a forged press gets the same answer as a case that does not exist', async () => {
    const [hers] = await bot.say(kari, `sak ${ref}`);
    expect(buttons(hers)).not.toContain('Last ned saken (PDF)');
    const forged = await bot.act(kari, 'case.export', { schoolId: S, caseId });
    const missing = await bot.act(kari, 'case.export', { schoolId: S, caseId: 'c-does-not-exist' });
    expect(JSON.stringify(forged)).not.toContain('/exports/');
    expect(cardText(forged)).toBe(cardText(missing));
  });
});

describe('storage that fails while a link is opened', () => {
  it('answers 503, logs no personal data, and the service keeps serving', async () => {
    const az = await startAzurite();
    const own = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLES_CONNECTION_STRING: azuriteConnectionString(az.port) } });
    try {
      const b = new BotClient(own.url, connector.url);
      const made = await reportAndForward(own, b);
      const card = await b.act(rektor, 'case.export', { schoolId: S, caseId: made.caseId });
      const url = JSON.stringify(card).match(/"url":"([^"]+\/exports\/[^"]+)"/)![1].replace(/\\u0026/g, '&');
      await new Promise((r) => {
        az.proc.once('exit', r);
        az.proc.kill();
      });
      const res = await new Browser().open(url, rektor);
      expect(res.status).toBe(503);
      expect((await fetch(`${own.url}/healthz`)).status).toBe(200);
      const logs = own.logs.join('');
      expect(logs).toContain('request failed');
      expect(logs).not.toContain(url.split('/exports/')[1]!.split('?')[0]!);
      expect(logs).not.toContain('Ola');
    } finally {
      await own.close();
    }
  }, 60_000);
});
