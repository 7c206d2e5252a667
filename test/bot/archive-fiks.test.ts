/**
 * ARCHIVE=fiks end to end (issue 16): the app as it runs in production, with the real FiksIoArchive
 * and the real amqplib, against the Fiks IO stand-in (HTTP: Maskinporten, catalogue, send) and the
 * AMQP stand-in broker, with the stand-in archive answering each message on our account's queue
 * (mottatt, then kvittering or an error). Fiks IO and the queue are down for part of the case's
 * life; replies that come while the queue is down are delivered later. Each folder and journal post
 * reaches the archive once, and the leader's card shows the numbers.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { AmqpBroker } from '../support/amqp-broker';
import { FakeFiksIo } from '../support/fiks-io-server';
import { FiksArchiveStandIn, fiksIoLogin } from '../support/fiks-archive';
import { selfSignedCertificate } from '../support/test-certificates';
import { DEMO_TENANT } from '../../src/seed';
import type { ArchiveSettings } from '../../src/domain/archive';
import type { ArchiveJob } from '../../src/domain/archive-jobs';
import { FIKS_IDS } from '../support/fiks-ids';

jest.setTimeout(20_000);

const IDS = FIKS_IDS;
const QUEUE = `fiksio.konto.${IDS.senderAccountId}`;
const SETTINGS: ArchiveSettings = { systemName: 'Websak', arkivdel: 'ELEV', ordningsprinsipp: 'FELLESKLASSE', ordningsverdi: 'B31', administrativEnhet: 'Ellingsrud skole', saksbehandler: 'arkiv', reportNoteType: 'X' };
const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const S = 'ellingsrud';
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));
const later = (minutes: number) => (clock.at = new Date(clock.at.getTime() + minutes * 60_000));

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
let fiks: FakeFiksIo;
let broker: AmqpBroker;
let archive: FiksArchiveStandIn;
/** The test's clock runs into the new year: the certificates last past it. */
const VALID_TO = new Date('2027-06-30T00:00:00Z');

/** Waits, a few milliseconds at a time and for at most five seconds, until `check` holds. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what} ${JSON.stringify({ logins: broker.logins, refused: broker.refusedLogins, depth: broker.depth(QUEUE), deliveries: broker.deliveries, acked: broker.acked, logs: app.logs.filter((l) => /Fiks|fiks/.test(l)).slice(-6) })}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  const [enterprise, archiveCert, ours] = await Promise.all([selfSignedCertificate('Oslo kommune', VALID_TO), selfSignedCertificate('Websak Fiks IO', VALID_TO), selfSignedCertificate('Meld fra Fiks IO', VALID_TO)]);
  fiks = new FakeFiksIo({ ...IDS, enterprise, archive: archiveCert, expiresIn: 3600 });
  // The stand-in's tokens live on the app's clock.
  fiks.now = () => clock.now().getTime();
  await fiks.start();
  // Fiks IO's queue takes the integration with "<password> <a Maskinporten token Fiks issued>".
  broker = await new AmqpBroker(fiksIoLogin(fiks, IDS.integrationId, IDS.integrationPassword)).start();
  broker.declare(QUEUE);
  archive = new FiksArchiveStandIn({ fiks, broker, ourAccountId: IDS.senderAccountId, archiveAccountId: IDS.archiveAccountId, ours, archive: archiveCert });
  connector = await new FakeConnector().start();
  app = await startTestApp({
    connectorUrl: connector.url,
    clock,
    env: {
      ARCHIVE: 'fiks',
      ARCHIVE_SWEEP_SECONDS: '0',
      FIKS_ENVIRONMENT: 'test',
      FIKS_API_URL: fiks.url,
      FIKS_AMQP_URL: broker.url,
      FIKS_ACCOUNT_ID: IDS.senderAccountId,
      FIKS_ARCHIVE_ACCOUNT_ID: IDS.archiveAccountId,
      FIKS_INTEGRATION_ID: IDS.integrationId,
      FIKS_INTEGRATION_PASSWORD: IDS.integrationPassword,
      // As an app setting on one line, the way some tools store a PEM.
      FIKS_ACCOUNT_PRIVATE_KEY: ours.privateKeyPem.replace(/\n/g, '\\n'),
      MASKINPORTEN_CLIENT_ID: IDS.clientId,
      MASKINPORTEN_CERTIFICATE: enterprise.certificatePem,
      MASKINPORTEN_PRIVATE_KEY: enterprise.privateKeyPem,
      MASKINPORTEN_TOKEN_URL: `${fiks.url}/token`,
      MASKINPORTEN_AUDIENCE: fiks.audience,
    },
    options: { fiksBackoff: { firstMs: 10, maxMs: 100 } },
  });
  bot = new BotClient(app.url, connector.url);
  const school = (await app.directory.getSchool(DEMO_TENANT, S))!;
  await app.directory.upsertSchool({ ...school, archive: SETTINGS });
});
afterAll(async () => {
  await app?.close();
  await connector?.stop();
  await broker?.stop();
  await fiks?.stop();
});

let ref = '';
let caseId = '';
const act = (who: { userId: string; teamsId: string }, verb: string, data: Record<string, unknown> = {}) => bot.act(who, verb, { schoolId: S, caseId, ...data });
const jobsOf = async (id = caseId): Promise<ArchiveJob[]> => app.archiveJobs.forCase(DEMO_TENANT, S, id);
const jobs = async (id = caseId) => (await jobsOf(id)).map((j) => `${j.doc}/${j.n}:${j.status}`).sort();
const leaderCard = async () => cardText((await bot.say(lars, `sak ${ref}`))[0]);
/** The keys of the messages Fiks IO took, short: «mappe», «melding/1». */
const short = (key: string) => key.split('/').slice(4).join('/') || 'mappe';
const sentFor = (id: string) => fiks.received.map((m) => m.metadata.headere.klientKorrelasjonsId).filter((k) => k.split('/')[3] === id).map(short);
const madeFor = (id: string) => archive.made.filter((k) => k.split('/')[3] === id).map(short);
/** Sweeps until every job of the case is through (done or failed): the replies come on the queue meanwhile. */
const sweepUntilThrough = (id = caseId) => until('the archive jobs are through', async () => {
  await app.archive!.sweep();
  await archive.idle();
  return (await jobsOf(id)).every((j) => j.status === 'done' || j.status === 'failed');
});

async function newCase(): Promise<string> {
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
  ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  caseId = (await app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ref)!.caseId;
  await app.dispatcher.idle();
  await bot.act(rektor, 'case.forward', { ...findVerb(connector.cardsFor(rektor.userId).at(-1)!, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
  return caseId;
}

describe('ARCHIVE=fiks: a case journaled through Fiks IO while Fiks IO and its queue are down for a while', () => {
  it('forwarded while Fiks IO answers 503 and then refuses connections: the jobs wait, nothing is sent', async () => {
    fiks.unavailable = true;
    await broker.down();
    await newCase();
    expect(await jobs()).toEqual(['mappe/0:pending', 'melding/1:pending']);
    expect(await app.archive!.sweep()).toBe(1);
    expect((await app.archiveJobs.get(DEMO_TENANT, S, caseId, 'mappe', 0))!.lastError).toMatch(/^(maskinporten|fiksio|fiksio-katalog)-503$/);
    fiks.unavailable = false;
    await fiks.goDown();
    later(1);
    expect(await app.archive!.sweep()).toBe(1);
    expect((await app.archiveJobs.get(DEMO_TENANT, S, caseId, 'mappe', 0))!.lastError).toMatch(/-unreachable$/);
    expect(fiks.received).toEqual([]);
    expect(await leaderCard()).toContain('Venter på arkivet');
  });

  it('Fiks IO back, its queue still down: the folder is sent once, and its receipt waits on the queue', async () => {
    await fiks.comeBack();
    later(5);
    expect(await app.archive!.sweep()).toBe(1);
    await archive.idle();
    expect(sentFor(caseId)).toEqual(['mappe']);
    expect(await jobs()).toEqual(['mappe/0:sent', 'melding/1:pending']);
    // The archive answered: mottatt and kvittering wait in our queue while nobody can reach it.
    expect(broker.depth(QUEUE).ready).toBe(2);
    await app.archive!.sweep();
    expect(await jobs()).toEqual(['mappe/0:sent', 'melding/1:pending']);
    // The casework goes on meanwhile: the aktivitetsplan is a post of its own.
    await act(lars, 'work.investigation.save', { methods: 'samtale_elev', findings: 'Ola opplever seg utenfor.' });
    const plan = { problem: 'Ola er alene i friminuttene.', evaluationDate: '2026-12-16', pupilView: 'Vil ha en voksen ute.', bestInterests: 'Trygghet.', proposalsNotChosen: 'nei' };
    await act(lars, 'work.plan.measure', plan);
    await act(lars, 'work.measure.save', { level: 'individ', description: 'Fast voksen i friminuttet', when: 'Fra 30.11.', responsibleId: kari.userId });
    expect(cardText(await act(lars, 'work.plan.save', plan))).toContain('Aktivitetsplanen (versjon 1) er lagret.');
    expect(await jobs()).toEqual(['aktivitetsplan/1:pending', 'mappe/0:sent', 'melding/1:pending']);
  });

  it('the queue back: the receipt that waited is delivered, and the posts follow in order, each once', async () => {
    await broker.up();
    await until('the folder\'s receipt', async () => {
      await app.archive!.sweep();
      return (await app.archiveJobs.get(DEMO_TENANT, S, caseId, 'mappe', 0))!.status === 'done';
    });
    expect((await app.archiveJobs.get(DEMO_TENANT, S, caseId, 'mappe', 0))!.numbers).toEqual({ saksaar: 2026, sakssekvensnummer: 1234 });
    // The report goes; its receipt is delivered to us, and the queue drops before we take it:
    // the broker hands it out again once we are connected again.
    await until('the report sent', async () => {
      await app.archive!.sweep();
      return sentFor(caseId).includes('melding/1');
    });
    await archive.idle();
    await until('the report\'s receipt delivered, not yet acked', () => broker.depth(QUEUE).unacked > 0 && broker.depth(QUEUE).ready === 0);
    const logins = broker.logins;
    await broker.down();
    await broker.up();
    await until('connected again', () => broker.logins > logins);
    await sweepUntilThrough();
    expect(await jobs()).toEqual(['aktivitetsplan/1:done', 'mappe/0:done', 'melding/1:done']);
    expect(sentFor(caseId)).toEqual(['mappe', 'melding/1', 'aktivitetsplan/1']);
    expect(madeFor(caseId)).toEqual(['mappe', 'melding/1', 'aktivitetsplan/1']);
    const card = await leaderCard();
    expect(card.slice(card.indexOf('Arkiv'))).toContain('Arkivert i Websak: 2026/1234-2');
    await until('every reply acked', () => broker.depth(QUEUE).ready + broker.depth(QUEUE).unacked === 0);
    expect(archive.problems).toEqual([]);
  });

  it('the evaluation and the closing are journaled too, once each, and a day later nothing more is sent', async () => {
    at('2026-12-16T13:00:00Z');
    await act(lars, 'work.evaluate.save', { outcome: 'avslutte', evalNote: 'Ola har det bra.', pupilTookPart: 'ja', parentsTookPart: 'ja', teacherTookPart: 'ja' });
    expect(cardText(await act(lars, 'work.close.save', { pupilDoingWell: 'true', adultsNotWorried: 'true', closeNote: 'Referat' }))).toContain('Saken er avsluttet.');
    await sweepUntilThrough();
    expect(await jobs()).toEqual(['aktivitetsplan/1:done', 'avslutning/1:done', 'evaluering/1:done', 'mappe/0:done', 'melding/1:done']);
    expect(await leaderCard()).toContain('Arkivert i Websak: 2026/1234-4');
    later(24 * 60);
    await app.archive!.sweep();
    expect(sentFor(caseId)).toEqual(['mappe', 'melding/1', 'aktivitetsplan/1', 'evaluering/1', 'avslutning/1']);
    expect(madeFor(caseId)).toEqual(sentFor(caseId));
    // The logs name ids and codes, never the pupil or the archive's words.
    expect(app.logs.join('')).not.toMatch(/Ola|Stand-in:/);
  });
});

describe('ARCHIVE=fiks: the archive answers with an error', () => {
  it('ugyldigforespoersel: the job fails with the archive\'s error id, is not sent again, and the leader\'s card says so', async () => {
    at('2026-12-17T09:00:00Z');
    archive.answerNext('ugyldigforespoersel');
    const id = await newCase();
    await until('the refusal recorded', async () => {
      await app.archive!.sweep();
      await archive.idle();
      return (await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!.status === 'failed';
    });
    const folder = (await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!;
    expect([folder.status, folder.lastError]).toEqual(['failed', 'ugyldigforespoersel (feilId E-ugyldigforespoersel-1)']);
    for (let h = 0; h < 24; h++) {
      later(60);
      await app.archive!.sweep();
    }
    expect(sentFor(id)).toEqual(['mappe']);
    expect(madeFor(id)).toEqual([]);
    expect(await leaderCard()).toContain('Arkivet avviste saken. Kontakt arkivtjenesten.');
  });

  it('serverfeil: the job is sent again after a minute, and done with the archive\'s numbers', async () => {
    archive.answerNext('serverfeil');
    const id = await newCase();
    await until('the serverfeil recorded', async () => {
      await app.archive!.sweep();
      await archive.idle();
      return (await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!.lastError.startsWith('serverfeil');
    });
    expect((await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!.status).toBe('pending');
    expect(sentFor(id)).toEqual(['mappe']);
    later(1);
    await sweepUntilThrough(id);
    expect(sentFor(id)).toEqual(['mappe', 'mappe', 'melding/1']);
    expect(madeFor(id)).toEqual(['mappe', 'melding/1']);
    expect((await app.archiveJobs.get(DEMO_TENANT, S, id, 'melding', 1))!.numbers).toEqual({ saksaar: 2026, sakssekvensnummer: 1235, journalpostnummer: 1 });
    expect(archive.problems).toEqual([]);
  });

  it('a serverfeil for the first send that comes after the job was sent again does not send it a third time; the later send\'s kvittering counts', async () => {
    at('2026-12-18T09:00:00Z');
    // A slow archive: neither send is answered until the test says so.
    const first = archive.holdNext('serverfeil');
    const second = archive.holdNext('kvittering');
    const id = await newCase();
    await app.archive!.sweep();
    expect(sentFor(id)).toEqual(['mappe']);
    // No receipt within the hour: sent again.
    later(61);
    await app.archive!.sweep();
    expect(sentFor(id)).toEqual(['mappe', 'mappe']);
    const logged = app.logs.length;
    await first.release();
    await until('the late serverfeil taken', async () => {
      await app.archive!.sweep();
      return broker.depth(QUEUE).ready + broker.depth(QUEUE).unacked === 0;
    });
    const folder = (await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!;
    expect([folder.status, folder.lastError]).toEqual(['sent', '']);
    expect(app.logs.slice(logged).join('')).toContain('fiksio-reply-stale');
    // Past the serverfeil's back-off, within the hour the second send waits for its answer: nothing goes.
    later(30);
    await app.archive!.sweep();
    expect(sentFor(id)).toEqual(['mappe', 'mappe']);
    await second.release();
    await sweepUntilThrough(id);
    expect(sentFor(id)).toEqual(['mappe', 'mappe', 'melding/1']);
    expect(madeFor(id)).toEqual(['mappe', 'melding/1']);
    expect(archive.problems).toEqual([]);
  });

  it('a kvittering for the first send that comes after the job was sent again marks it done (the archive has it); the later send\'s serverfeil changes nothing', async () => {
    const first = archive.holdNext('kvittering');
    const second = archive.holdNext('serverfeil');
    const id = await newCase();
    await app.archive!.sweep();
    later(61);
    await app.archive!.sweep();
    expect(sentFor(id)).toEqual(['mappe', 'mappe']);
    await first.release();
    await until('the first send\'s kvittering recorded', async () => {
      await app.archive!.sweep();
      return (await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!.status === 'done';
    });
    await second.release();
    await sweepUntilThrough(id);
    later(120);
    await app.archive!.sweep();
    expect(sentFor(id)).toEqual(['mappe', 'mappe', 'melding/1']);
    expect(madeFor(id)).toEqual(['mappe', 'melding/1']);
    // The numbers the first send's kvittering named.
    expect((await app.archiveJobs.get(DEMO_TENANT, S, id, 'mappe', 0))!.numbers).toEqual({ saksaar: 2026, sakssekvensnummer: expect.any(Number) });
    await until('every reply acked', () => broker.depth(QUEUE).ready + broker.depth(QUEUE).unacked === 0);
    expect(archive.problems).toEqual([]);
  });
});
