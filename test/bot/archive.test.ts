/**
 * A case journaled in the municipality's archive (issue 16) through the real HTTP endpoint and
 * Azurite: forwarded, investigated, planned, evaluated and closed while the archive is down for
 * more than a day. Nothing is lost and nothing goes twice: the folder first, each post once, the
 * numbers on the leader's card. The archive is a test double of the transport port.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';
import { ArchiveSender } from '../../src/app/archive-sender';
import { pdfDocuments } from '../../src/adapters/archive/pdf-documents';
import type { ArchiveNumbers, ArchiveSettings } from '../../src/domain/archive';
import type { ArchiveMessage, ArchiveOutcome, ArchiveTransport } from '../../src/ports/archive';

/** An archive that recognises a message by its external key, as Fiks Arkiv's archives do; down while `down`. */
class ArchiveStandIn implements ArchiveTransport {
  down = false;
  readonly received: { key: string; kind: string; pdf?: Uint8Array }[] = [];
  private readonly numbers = new Map<string, ArchiveNumbers>();
  private nextCase = 1234;
  private readonly posts = new Map<string, number>();
  async send(m: ArchiveMessage): Promise<ArchiveOutcome> {
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const key = m.kind === 'folder' ? m.folder.key : m.record.key;
    this.received.push({ key, kind: m.kind, ...(m.kind === 'record' ? { pdf: m.pdf } : {}) });
    if (!this.numbers.has(key)) {
      if (m.kind === 'folder') this.numbers.set(key, { saksaar: 2026, sakssekvensnummer: this.nextCase++ });
      else {
        const folder = this.numbers.get(m.folder.key);
        if (!folder) throw new Error('ikkefunnet: no such folder');
        const n = (this.posts.get(m.folder.key) ?? 0) + 1;
        this.posts.set(m.folder.key, n);
        this.numbers.set(key, { ...folder, journalpostnummer: n });
      }
    }
    return { kind: 'done', numbers: this.numbers.get(key)! };
  }
}

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
const standIn = new ArchiveStandIn();
let ref = '';
let caseId = '';

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({
    connectorUrl: connector.url,
    clock,
    env: { ARCHIVE: 'files', ARCHIVE_FOLDER: mkdtempSync(join(tmpdir(), 'archive-')), ARCHIVE_SWEEP_SECONDS: '0' },
    options: { archiveSwitch: () => standIn },
  });
  bot = new BotClient(app.url, connector.url);
  const school = (await app.directory.getSchool(DEMO_TENANT, S))!;
  await app.directory.upsertSchool({ ...school, archive: SETTINGS });
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

const act = (who: { userId: string; teamsId: string }, verb: string, data: Record<string, unknown> = {}) => bot.act(who, verb, { schoolId: S, caseId, ...data });
const jobs = async () => (await app.archiveJobs.forCase(DEMO_TENANT, S, caseId)).map((j) => `${j.doc}/${j.n}:${j.status}`).sort();
const sentKeys = () => standIn.received.map((r) => r.key.split('/').slice(4).join('/') || 'mappe');
const leaderCard = async () => cardText((await bot.say(lars, `sak ${ref}`))[0]);

describe('the archive is down for a day while the case goes on', () => {
  it('forwarding writes the folder and the report as jobs with the case; the card says it waits', async () => {
    standIn.down = true;
    const [form] = await bot.say(kari, 'meld fra');
    const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    caseId = (await app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ref)!.caseId;
    // Reported, not forwarded: nothing for the archive yet.
    expect(await jobs()).toEqual([]);
    await app.dispatcher.idle();
    await bot.act(rektor, 'case.forward', { ...findVerb(connector.cardsFor(rektor.userId).at(-1)!, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
    expect(await jobs()).toEqual(['mappe/0:pending', 'melding/1:pending']);
    expect(await leaderCard()).toContain('Venter på arkivet');
    // The reporter sees the status only: not the archive.
    expect(cardText((await bot.say(kari, `sak ${ref}`))[0])).not.toContain('arkiv');
  });

  it('tries again after 1 min, 5 min, 30 min, then every hour, and loses nothing while the case goes on', async () => {
    expect(await app.archive!.sweep()).toBe(1); // the folder; the report waits for it
    later(0.5);
    expect(await app.archive!.sweep()).toBe(0); // not due before a minute has passed
    const tries: number[] = [];
    for (const minutes of [1, 5, 30, 60, 60]) {
      later(minutes);
      tries.push(await app.archive!.sweep());
    }
    expect(tries).toEqual([1, 1, 1, 1, 1]);
    const folder = (await app.archiveJobs.get(DEMO_TENANT, S, caseId, 'mappe', 0))!;
    expect([folder.status, folder.attempts, folder.lastError]).toEqual(['pending', 6, expect.stringContaining('ECONNREFUSED')]);
    // The casework goes on: the investigation, then the aktivitetsplan (a post of its own).
    await act(lars, 'work.investigation.save', { methods: 'samtale_elev', findings: 'Ola opplever seg utenfor.' });
    await act(lars, 'work.plan.measure', { problem: 'Ola er alene i friminuttene.', evaluationDate: '2026-12-16', pupilView: 'Vil ha en voksen ute.', bestInterests: 'Trygghet.', proposalsNotChosen: 'nei' });
    await act(lars, 'work.measure.save', { level: 'individ', description: 'Fast voksen i friminuttet', when: 'Fra 30.11.', responsibleId: kari.userId });
    const saved = await act(lars, 'work.plan.save', { problem: 'Ola er alene i friminuttene.', evaluationDate: '2026-12-16', pupilView: 'Vil ha en voksen ute.', bestInterests: 'Trygghet.', proposalsNotChosen: 'nei' });
    expect(cardText(saved)).toContain('Aktivitetsplanen (versjon 1) er lagret.');
    expect(await jobs()).toEqual(['aktivitetsplan/1:pending', 'mappe/0:pending', 'melding/1:pending']);
    // The rest of a day of hourly tries.
    for (let h = 0; h < 22; h++) {
      later(60);
      await app.archive!.sweep();
    }
    expect(standIn.received).toEqual([]);
    expect(await leaderCard()).toContain('Venter på arkivet');
  });

  it('once the archive is back: the folder first, then each post once, and the card shows the latest number', async () => {
    standIn.down = false;
    later(60);
    // Two instances sweep at the same moment: each job goes once.
    const second = new ArchiveSender({ jobs: app.archiveJobs, transport: standIn, documents: pdfDocuments, cases: app.cases, log: app.caseLog, directory: app.directory, clock, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    await Promise.all([app.archive!.sweep(), second.sweep()]);
    await app.archive!.sweep();
    expect(sentKeys()[0]).toBe('mappe');
    expect(sentKeys().sort()).toEqual(['aktivitetsplan/1', 'mappe', 'melding/1']);
    expect(await jobs()).toEqual(['aktivitetsplan/1:done', 'mappe/0:done', 'melding/1:done']);
    // Each post's document is the case's PDF.
    for (const r of standIn.received.filter((x) => x.kind === 'record')) expect(Buffer.from(r.pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    const card = await leaderCard();
    expect(card.slice(card.indexOf('Arkiv'))).toContain('Arkivert i Websak: 2026/1234-2');
    later(24 * 60);
    await app.archive!.sweep();
    expect(standIn.received).toHaveLength(3);
  });

  it('the evaluation and the closing are journaled too, and only those who see the case in full see where', async () => {
    at('2026-12-16T13:00:00Z');
    await act(lars, 'work.evaluate.save', { outcome: 'avslutte', evalNote: 'Ola har det bra.', pupilTookPart: 'ja', parentsTookPart: 'ja', teacherTookPart: 'ja' });
    const closed = await act(lars, 'work.close.save', { pupilDoingWell: 'true', adultsNotWorried: 'true', closeNote: 'Referat' });
    expect(cardText(closed)).toContain('Saken er avsluttet.');
    expect(await jobs()).toEqual(['aktivitetsplan/1:done', 'avslutning/1:pending', 'evaluering/1:pending', 'mappe/0:done', 'melding/1:done']);
    await app.archive!.sweep();
    expect(sentKeys().slice(3)).toEqual(['evaluering/1', 'avslutning/1']);
    expect(await leaderCard()).toContain('Arkivert i Websak: 2026/1234-4');
    expect(cardText((await bot.say(kari, `sak ${ref}`))[0])).not.toContain('Websak');
  });
});
