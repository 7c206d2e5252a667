/**
 * The archive sweep (app/archive-sender.ts) against Azurite: a transport that answers later with
 * receipts (as Fiks IO does), one that refuses, a school whose archive settings are not imported
 * yet, the file drop (ARCHIVE=files), and retention taking a case's jobs with it. The archive is a
 * test double of the transport port; the storage is the real one.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseLogRepository } from '../../src/adapters/tables/case-log-repository';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { ArchiveJobRepository } from '../../src/adapters/tables/archive-job-repository';
import { validateXML } from 'xmllint-wasm';
import { FileArchive } from '../../src/adapters/archive/files';
import { pdfDocuments } from '../../src/adapters/archive/pdf-documents';
import { ArchiveSender } from '../../src/app/archive-sender';
import type { ArchiveSettings } from '../../src/domain/archive';
import { archiveJobsFor, archiveStateOf } from '../../src/domain/archive-jobs';
import { openCase } from '../../src/domain/case';
import { ArchiveRefused, type ArchiveMessage, type ArchiveOutcome, type ArchiveReceipt, type ArchiveTransport } from '../../src/ports/archive';
import { DEMO_SCHOOL as S, DEMO_TENANT as T, seedDemo } from '../../src/seed';
import type { Report } from '../../src/domain/report';
import { testTables } from '../support/tables';

const report: Report = {
  pupilName: 'Åse Øvrebø', pupilClass: '8A', signs: [], observed: 'Elever ertet Åse i garderoben etter gym.', kinds: ['mobbing'], kindOther: '', where: 'garderoben', date: '2026-11-30',
  time: '10:15', source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
};
const SETTINGS: ArchiveSettings = { systemName: 'Elements', arkivdel: 'ELEV', ordningsprinsipp: 'FELLESKLASSE', ordningsverdi: 'B31', administrativEnhet: 'Ellingsrud skole', saksbehandler: 'arkiv', reportNoteType: 'N' };
const tables = testTables();
const directory = new DirectoryRepository(tables);
const cases = new CaseRepository(tables);
const log = new CaseLogRepository(tables);
const jobs = new ArchiveJobRepository(tables);
const clock = { at: new Date('2026-12-01T09:00:00Z'), now() { return this.at; } };
const later = (minutes: number) => (clock.at = new Date(clock.at.getTime() + minutes * 60_000));
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const sender = (transport: ArchiveTransport) => new ArchiveSender({ jobs, transport, documents: pdfDocuments, cases, log, directory, clock, logger: quiet });

/** A case forwarded now, with its folder and report jobs written in the same transaction. */
async function forwardedCase(caseId: string): Promise<string> {
  const now = clock.now().toISOString();
  const opened = openCase({ tenantId: T, schoolId: S, caseId, ref: `SM-2026-${caseId}`, now, reporterId: 'u-kari', report, suggestedLeaderId: 'u-lars', investigationDue: '2026-12-08' });
  const { case: created } = await cases.create(opened.case);
  const forwarded = { ...created, status: 'videresendt' as const, leaderId: 'u-lars', forwardedAt: now, forwardedBy: 'u-rektor' };
  await cases.update(forwarded, [], archiveJobsFor(created, forwarded, { today: now.slice(0, 10), at: now }));
  return caseId;
}
const states = async (caseId: string) => (await jobs.forCase(T, S, caseId)).map((j) => `${j.doc}:${j.status}`).sort();
const setArchive = async (archive: ArchiveSettings | undefined) => {
  const school = (await directory.getSchool(T, S))!;
  const { archive: _old, ...rest } = school;
  await directory.upsertSchool({ ...rest, ...(archive ? { archive } : {}) });
};

/** Fiks IO's shape: every message is answered later, by a receipt. */
class LaterArchive implements ArchiveTransport {
  sent: string[] = [];
  waiting: ArchiveReceipt[] = [];
  acked = 0;
  async send(m: ArchiveMessage): Promise<ArchiveOutcome> {
    this.sent.push(m.kind === 'folder' ? m.folder.key : m.record.key);
    return { kind: 'pending' };
  }
  async receipts() {
    const out = this.waiting.map((r) => ({ ...r, ack: async () => void this.acked++ }));
    this.waiting = [];
    return out;
  }
}

beforeAll(async () => {
  await Promise.all([directory, cases, log, jobs].map((r) => r.init()));
  await seedDemo(directory);
  await setArchive(SETTINGS);
});

describe('an archive that answers later (receipts)', () => {
  it('waits for the receipt without sending again, stores the numbers it brings, then sends the post', async () => {
    const id = await forwardedCase('r1');
    const archive = new LaterArchive();
    const s = sender(archive);
    await s.sweep();
    expect(archive.sent).toEqual([`meldfra/${T}/${S}/r1`]);
    expect(await states(id)).toEqual(['mappe:sent', 'melding:pending']);
    later(30);
    await s.sweep();
    expect(archive.sent).toHaveLength(1); // no receipt yet, not sent again
    archive.waiting.push({ key: `meldfra/${T}/${S}/r1`, outcome: { kind: 'done', numbers: { saksaar: 2026, sakssekvensnummer: 77 } } });
    await s.sweep();
    expect(archive.acked).toBe(1);
    expect(archive.sent).toEqual([`meldfra/${T}/${S}/r1`, `meldfra/${T}/${S}/r1/melding/1`]);
    archive.waiting.push({ key: `meldfra/${T}/${S}/r1/melding/1`, outcome: { kind: 'done', numbers: { saksaar: 2026, sakssekvensnummer: 77, journalpostnummer: 1 } } });
    await s.sweep();
    expect(archiveStateOf(await jobs.forCase(T, S, id))).toEqual({ state: 'archived', number: '2026/77-1' });
  });

  it('a message with no receipt after an hour is sent again (the archive knows its key); a serverfeil receipt is retried', async () => {
    await forwardedCase('r2');
    const archive = new LaterArchive();
    const s = sender(archive);
    await s.sweep();
    later(61);
    await s.sweep();
    expect(archive.sent.filter((k) => k.endsWith('/r2'))).toHaveLength(2);
    archive.waiting.push({ key: `meldfra/${T}/${S}/r2`, outcome: { kind: 'retry', reason: 'serverfeil' } });
    await s.sweep();
    const folder = (await jobs.get(T, S, 'r2', 'mappe', 0))!;
    expect([folder.status, folder.lastError]).toEqual(['pending', 'serverfeil']);
    later(60);
    await s.sweep();
    expect(archive.sent.filter((k) => k.endsWith('/r2'))).toHaveLength(3);
  });
});

describe('what cannot go through', () => {
  it('a message the archive refuses (ugyldigforespoersel) is not sent again, and the card says so', async () => {
    const id = await forwardedCase('x1');
    let tries = 0;
    const s = sender({ send: async (m) => {
      if (m.kind === 'folder' && m.folder.ref.endsWith('x1')) tries++;
      throw new ArchiveRefused('ugyldigforespoersel');
    } });
    await s.sweep();
    for (const m of [1, 5, 30, 60]) {
      later(m);
      await s.sweep();
    }
    expect(tries).toBe(1);
    expect((await jobs.get(T, S, id, 'mappe', 0))!.lastError).toBe('ugyldigforespoersel');
    expect(archiveStateOf(await jobs.forCase(T, S, id))).toEqual({ state: 'refused' });
  });

  it('a school whose archive settings are not imported yet: the jobs wait and go once they are', async () => {
    await setArchive(undefined);
    const id = await forwardedCase('n1');
    const sent: string[] = [];
    const s = sender({ send: async (m) => {
      if (m.folder.ref.endsWith('n1')) sent.push(m.kind);
      return { kind: 'done', numbers: { saksaar: 2026, sakssekvensnummer: 5, ...(m.kind === 'record' ? { journalpostnummer: 1 } : {}) } };
    } });
    await s.sweep();
    expect(sent).toEqual([]);
    expect((await jobs.get(T, S, id, 'mappe', 0))!.lastError).toContain('no archive settings');
    await setArchive(SETTINGS);
    later(1);
    await s.sweep();
    expect(sent).toEqual(['folder', 'record']);
    expect(await states(id)).toEqual(['mappe:done', 'melding:done']);
  });
});

describe('a long outage', () => {
  it('posts waiting for their folder never crowd the folder out of a sweep: once the archive is back, the folder goes, then the post', async () => {
    // Tables of its own, so the sweep's batch holds only this case's jobs.
    const own = testTables();
    const [dir, cs, lg, js] = [new DirectoryRepository(own), new CaseRepository(own), new CaseLogRepository(own), new ArchiveJobRepository(own)];
    await Promise.all([dir, cs, lg, js].map((r) => r.init()));
    await seedDemo(dir);
    const school = (await dir.getSchool(T, S))!;
    await dir.upsertSchool({ ...school, archive: SETTINGS });
    const now = clock.now().toISOString();
    const opened = openCase({ tenantId: T, schoolId: S, caseId: 'o1', ref: 'SM-2026-o1', now, reporterId: 'u-kari', report, suggestedLeaderId: 'u-lars', investigationDue: '2026-12-08' });
    const { case: created } = await cs.create(opened.case);
    await cs.update({ ...created, status: 'videresendt', leaderId: 'u-lars', forwardedAt: now, forwardedBy: 'u-rektor' }, [], archiveJobsFor(created, { ...created, status: 'videresendt', leaderId: 'u-lars', forwardedAt: now, forwardedBy: 'u-rektor' }, { today: now.slice(0, 10), at: now }));
    let down = true;
    const sent: string[] = [];
    const s = new ArchiveSender({ jobs: js, transport: { send: async (m) => {
      if (down) throw new Error('connect ECONNREFUSED');
      sent.push(m.kind);
      return { kind: 'done', numbers: { saksaar: 2026, sakssekvensnummer: 9, ...(m.kind === 'record' ? { journalpostnummer: 1 } : {}) } };
    } }, documents: pdfDocuments, cases: cs, log: lg, directory: dir, clock, logger: quiet });
    await s.sweep(1); // the folder is tried and fails; the report waits for it
    down = false;
    later(1);
    // One job per sweep: the report, older than the folder's next try, must not take the folder's place.
    await s.sweep(1);
    await s.sweep(1);
    expect(sent).toEqual(['folder', 'record']);
  });
});

describe('ARCHIVE=files', () => {
  it('writes each Fiks Arkiv message with its PDF, named by the external key, valid to the official schema, and the card says when it was sent', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'archive-files-'));
    const id = await forwardedCase('f1');
    await sender(new FileArchive(folder)).sweep();
    const stem = `meldfra_${T}_${S}_f1`;
    expect(readdirSync(folder).filter((f) => f.includes('_f1')).sort()).toEqual([`${stem}.xml`, `${stem}_melding_1.pdf`, `${stem}_melding_1.xml`]);
    expect(readFileSync(join(folder, `${stem}_melding_1.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
    const [mappe, post] = [`${stem}.xml`, `${stem}_melding_1.xml`].map((f) => readFileSync(join(folder, f), 'utf8'));
    const schemaDir = join(__dirname, '../../src/adapters/archive/fiks-arkiv/schema/V1');
    const preload = readdirSync(schemaDir).filter((f) => f.endsWith('.xsd')).map((fileName) => ({ fileName, contents: readFileSync(join(schemaDir, fileName), 'utf8') }));
    const schema = preload.find((x) => x.fileName === 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd')!;
    const checked = await validateXML({ xml: [{ fileName: 'mappe.xml', contents: mappe }, { fileName: 'post.xml', contents: post }], schema, preload });
    expect(checked.errors.map((e) => e.rawMessage)).toEqual([]);
    // The journal post names the PDF written beside it.
    expect(post).toContain(`<referanseDokumentfil>${stem}_melding_1.pdf</referanseDokumentfil>`);
    // The titles the archive may show hold no pupil name; the skjermet title does.
    for (const xml of [mappe, post]) {
      const publicTitles = [...xml.matchAll(/<offentligTittel>([^<]*)<\/offentligTittel>/g)].map((m) => m[1]);
      expect(publicTitles.length).toBeGreaterThan(0);
      for (const t of publicTitles) expect(t).not.toContain(report.pupilName);
      expect(xml).toContain(report.pupilName);
    }
    expect(archiveStateOf(await jobs.forCase(T, S, id))).toEqual({ state: 'delivered', at: clock.now().toISOString() });
  });
});

describe('retention', () => {
  it('a deleted case takes its archive jobs with it', async () => {
    const id = await forwardedCase('d1');
    expect(await states(id)).toHaveLength(2);
    await cases.remove(T, S, id);
    expect(await jobs.forCase(T, S, id)).toEqual([]);
    // Its pointer (like one a crash left before its case's transaction) leads nowhere, and goes after a while.
    const keys: string[] = [];
    const s = sender({ send: async (m) => (keys.push(m.folder.key), { kind: 'done' }) });
    await s.sweep();
    later(11);
    await s.sweep();
    expect(keys.filter((k) => k.endsWith('/d1'))).toEqual([]);
  });
});
