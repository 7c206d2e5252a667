/**
 * The Fiks Arkiv messages against the official KS schemas (vendored in
 * src/adapters/archive/fiks-arkiv/schema/V1), validated with xmllint (xmllint-wasm): every message
 * the builder can produce, and replies built to the reply schemas. xmllint compiles a schema per
 * call, so each schema is used once, with all its documents in one call.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import { documentObjectMessage, FIKS_ARKIV_NS, FIKS_ARKIV_TYPES, folderMessage, recordMessage, type FiksArkivMessage } from '../../src/adapters/archive/fiks-arkiv/messages';
import { archiveNumbersOf, FiksArkivError, parseReply } from '../../src/adapters/archive/fiks-arkiv/replies';
import { strings } from '../../src/i18n';
import { ARCHIVE_DOC_KINDS, archiveFolderOf, archiveNumber, archiveRecordOf, SKJERMING, type ArchiveSettings, type CaseForArchive } from '../../src/domain/archive';

const SCHEMA_DIR = path.join(__dirname, '../../src/adapters/archive/fiks-arkiv/schema/V1');
const PRELOAD = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.xsd')).map((fileName) => ({ fileName, contents: readFileSync(path.join(SCHEMA_DIR, fileName), 'utf8') }));

/** Validates the documents against one schema in one xmllint call; the errors, by document. */
async function validate(schemaFile: string, docs: { name: string; xml: string }[]): Promise<string[]> {
  const schema = PRELOAD.find((p) => p.fileName === schemaFile);
  if (!schema) throw new Error(`no schema ${schemaFile}`);
  const result = await validateXML({ xml: docs.map((d) => ({ fileName: d.name, contents: d.xml })), schema, preload: PRELOAD });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

const PUPIL = 'Åse Ødegård-Nilsen';
const caseOf = (form: 'nb' | 'nn'): CaseForArchive => ({ tenantId: 'tenant-1', schoolId: 'ellingsrud', caseId: 'case-7', ref: 'SM-2026-0007', pupilName: PUPIL, pupilClass: '8A', openedOn: '2026-10-12', words: strings(form).archive.journal });
const SETTINGS: ArchiveSettings = { systemName: 'Websak', arkivdel: 'ELEV', ordningsprinsipp: 'FELLESKLASSE', ordningsverdi: 'B31', administrativEnhet: 'OPPV-ELL', saksbehandler: 'rberg', reportNoteType: 'X' };
const SYSTEM = { system: 'Meld fra' };

/** Every message the builder can produce: folder and each document, nb and nn, X and N reports, with and without the optional parts. */
function everyMessage(): { name: string; message: FiksArkivMessage }[] {
  const out: { name: string; message: FiksArkivMessage }[] = [];
  for (const form of ['nb', 'nn'] as const) {
    const c = caseOf(form);
    const folder = archiveFolderOf(c);
    out.push({ name: `${form}-folder.xml`, message: folderMessage(folder, SETTINGS) });
    out.push({ name: `${form}-folder-regel.xml`, message: folderMessage(folder, SETTINGS, { system: 'Meld fra', regel: 'SKOLEMILJO' }) });
    for (const reportNoteType of ['X', 'N'] as const) {
      const s = { ...SETTINGS, reportNoteType };
      for (const kind of ARCHIVE_DOC_KINDS) {
        const record = archiveRecordOf(c, kind, 2, '2026-11-24', s);
        const tag = `${form}-${reportNoteType}-${kind}`;
        out.push({ name: `${tag}.xml`, message: recordMessage(record, s, { key: folder.key }) });
        out.push({ name: `${tag}-all.xml`, message: recordMessage(record, s, { key: folder.key, numbers: { saksaar: 2026, sakssekvensnummer: 1234 } }, { system: 'Meld fra', regel: 'SKOLEMILJO' }, { sha256: 'a'.repeat(64), sizeBytes: 48213 }) });
      }
    }
  }
  return out;
}

/** Parses a message and gives its root element with a tiny query API over local names. */
const dom = (xml: string) => create(xml).root();
const texts = (xml: string, localName: string): string[] => {
  const found: string[] = [];
  dom(xml).each((n) => { if (n.node.nodeType === 1 && (n.node as unknown as { localName: string }).localName === localName) found.push(n.node.textContent ?? ''); }, false, true);
  return found;
};

describe('messages validate against the Fiks Arkiv V1 schemas', () => {
  const all = everyMessage();

  it('every arkivmelding.opprett the builder can produce', async () => {
    expect(all.length).toBeGreaterThan(30);
    expect(all.every((m) => m.message.type === FIKS_ARKIV_TYPES.arkivmeldingOpprett && texts(m.message.xml, 'system')[0] === 'Meld fra')).toBe(true);
    expect(await validate('no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd', all.map((m) => ({ name: m.name, xml: m.message.xml })))).toEqual([]);
  });

  it('dokumentobjekt.opprett, with and without the file facts', async () => {
    const record = archiveRecordOf(caseOf('nb'), 'aktivitetsplan', 1, '2026-10-19', SETTINGS);
    const docs = [documentObjectMessage(record, 2), documentObjectMessage(record, 3, { sha256: 'b'.repeat(64), sizeBytes: 100 })];
    expect(docs.every((d) => d.type === FIKS_ARKIV_TYPES.dokumentobjektOpprett && d.attachments[0] === record.fileName)).toBe(true);
    expect(await validate('no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett.xsd', docs.map((d, i) => ({ name: `d${i}.xml`, xml: d.xml })))).toEqual([]);
  });

  it('the validator does reject a message that breaks the schema', async () => {
    const good = all[0].message.xml;
    const broken = [
      // the title is required
      good.replace(/<tittel>[^<]*<\/tittel>/, ''),
      // a code in the wrong namespace (kode belongs to the metadatakatalog)
      good.replace('<mdk:kode>ELEV</mdk:kode>', '<kode>ELEV</kode>'),
    ];
    const errors = await validate('no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd', broken.map((xml, i) => ({ name: `broken${i}.xml`, xml })));
    expect(errors.some((e) => e.includes('broken0.xml'))).toBe(true);
    expect(errors.some((e) => e.includes('broken1.xml'))).toBe(true);
  });
});

describe('what the archive gets', () => {
  const all = everyMessage();

  it("the pupil's name is only in the skjermet titles, never in a title the archive may show", () => {
    for (const { name, message } of all) {
      const xml = message.xml;
      const screened = texts(xml, 'tittel').filter((t) => t.includes(PUPIL));
      // exactly one: the mappe's or the journalpost's own title, which carries offentligTittel beside it
      expect({ name, screened: screened.length }).toEqual({ name, screened: 1 });
      expect(texts(xml, 'offentligTittel')).toHaveLength(1);
      expect(texts(xml, 'offentligTittel')[0]).not.toContain(PUPIL);
      const withoutScreened = xml.replace(`<tittel>${screened[0]}</tittel>`, '');
      expect({ name, leaks: withoutScreened.includes(PUPIL) || withoutScreened.includes('Ødegård') }).toEqual({ name, leaks: false });
    }
  });

  it('the folder: skjermet, in the school\'s arkivdel and class, found again by our key', () => {
    const folder = archiveFolderOf(caseOf('nn'));
    const xml = folderMessage(folder, SETTINGS, SYSTEM).xml;
    expect(texts(xml, 'offentligTittel')[0]).toBe('Skolemiljøet til eleven – oppfølging etter opplæringslova § 12-4 (SM-2026-0007)');
    expect(texts(xml, 'tilgangsrestriksjon')[0].trim()).toBe(SKJERMING.tilgangsrestriksjon);
    expect(texts(xml, 'skjermingshjemmel')).toEqual([SKJERMING.skjermingshjemmel]);
    expect(texts(xml, 'arkivdel')[0].trim()).toBe('ELEV');
    expect(texts(xml, 'klassifikasjonssystemID')).toEqual(['FELLESKLASSE']);
    expect(texts(xml, 'klasseID')).toEqual(['B31']);
    expect(texts(xml, 'noekkel')).toEqual([folder.key]);
    expect(texts(xml, 'fagsystem')).toEqual(['Meld fra']);
    expect(texts(xml, 'saksdato')).toEqual(['2026-10-12']);
    // the same folder gives the same message: a repeat is recognised by the archive
    expect(folderMessage(folder, SETTINGS, SYSTEM).xml).toBe(xml);
  });

  it('a journalpost: X or N as the school decides, in the folder by its key, with the PDF as its one file', () => {
    const c = caseOf('nb');
    const folder = archiveFolderOf(c);
    for (const reportNoteType of ['X', 'N'] as const) {
      const s = { ...SETTINGS, reportNoteType };
      const report = archiveRecordOf(c, 'melding', 1, '2026-10-12', s);
      const m = recordMessage(report, s, { key: folder.key }, SYSTEM);
      expect(texts(m.xml, 'journalposttype')[0].trim()).toBe(reportNoteType);
      expect(texts(m.xml, 'noekkel')).toEqual([folder.key, `${report.key}/dokument`, report.key]);
      expect(texts(m.xml, 'referanseDokumentfil')).toEqual(['SM-2026-0007-melding.pdf']);
      expect(m.attachments).toEqual(['SM-2026-0007-melding.pdf']);
      expect(texts(m.xml, 'antallFiler')).toEqual(['1']);
      // skjerming on the journalpost and on its document
      expect(texts(m.xml, 'skjermingshjemmel')).toEqual([SKJERMING.skjermingshjemmel, SKJERMING.skjermingshjemmel]);
    }
    const plan = recordMessage(archiveRecordOf(c, 'aktivitetsplan', 1, '2026-10-19', SETTINGS), SETTINGS, { key: folder.key, numbers: { saksaar: 2026, sakssekvensnummer: 1234 } }, SYSTEM);
    expect(texts(plan.xml, 'journalposttype')[0].trim()).toBe('N');
    expect(texts(plan.xml, 'saksaar')).toEqual(['2026']);
    expect(texts(plan.xml, 'sakssekvensnummer')).toEqual(['1234']);
    expect(texts(recordMessage(archiveRecordOf(c, 'avslutning', 1, '2027-01-20', SETTINGS), SETTINGS, { key: folder.key }, SYSTEM).xml, 'journalposttype')[0].trim()).toBe('X');
  });
});

// ----------------------------------------------------------------------------------------------
// Replies, built the way an archive would, validated against their schemas before we read them.

const KV = FIKS_ARKIV_NS.arkivmeldingKvittering;
const MDK = FIKS_ARKIV_NS.metadatakatalog;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const folderReceipt = (existing = false) => `<?xml version="1.0" encoding="UTF-8"?>
<ns2:arkivmeldingKvittering xmlns:ns2="${KV}" xmlns:ns3="${MDK}" xmlns:xsi="${XSI}">
  <ns2:mappeKvittering xsi:type="ns2:saksmappeKvittering">
    <ns2:systemID>6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b</ns2:systemID>
    <ns2:referanseEksternNoekkel><ns3:fagsystem>Meld fra</ns3:fagsystem><ns3:noekkel>meldfra/tenant-1/ellingsrud/case-7</ns3:noekkel></ns2:referanseEksternNoekkel>
    <ns2:opprettetEllerEksisterende>${existing ? 'Eksisterende' : 'Opprettet'}</ns2:opprettetEllerEksisterende>
    <ns2:saksaar>2026</ns2:saksaar>
    <ns2:sakssekvensnummer>1234</ns2:sakssekvensnummer>
    <ns2:saksdato>2026-10-12</ns2:saksdato>
  </ns2:mappeKvittering>
</ns2:arkivmeldingKvittering>`;
const recordReceipt = `<?xml version="1.0" encoding="UTF-8"?>
<arkivmeldingKvittering xmlns="${KV}" xmlns:xsi="${XSI}">
  <registreringKvittering xsi:type="journalpostKvittering">
    <systemID>0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</systemID>
    <dokumentbeskrivelseKvittering><systemID>1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</systemID><dokumentnummer>1</dokumentnummer></dokumentbeskrivelseKvittering>
    <opprettetEllerEksisterende>Opprettet</opprettetEllerEksisterende>
    <journalaar>2026</journalaar>
    <journalsekvensnummer>88123</journalsekvensnummer>
    <journalpostnummer>3</journalpostnummer>
  </registreringKvittering>
</arkivmeldingKvittering>`;
const ARCHIVE_TEXT = `Tittel «Melding om elevens skolemiljø – ${PUPIL}» er for lang`;
const error = (root: 'ugyldigforespoersel' | 'serverfeil' | 'ikkefunnet') => `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${FIKS_ARKIV_NS[root]}" xmlns:f="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1"><f:feilId>E-${root}-1</f:feilId><f:feilmelding>${ARCHIVE_TEXT}</f:feilmelding></${root}>`;
const failedRecord = `<?xml version="1.0" encoding="UTF-8"?>
<arkivmeldingKvittering xmlns="${KV}" xmlns:f="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1">
  <registreringFeilet><f:feilId>E-77</f:feilId><f:feilmelding>Arkivdel ELEV finnes ikke</f:feilmelding></registreringFeilet>
</arkivmeldingKvittering>`;
const fileReceipt = `<?xml version="1.0" encoding="UTF-8"?>
<dokumentobjektOpprettKvittering xmlns="${FIKS_ARKIV_NS.dokumentobjektOpprettKvittering}"><systemID>2a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</systemID></dokumentobjektOpprettKvittering>`;

describe('replies from the archive', () => {
  it('the sample replies are valid by their schemas', async () => {
    expect(await validate('no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd', [
      { name: 'folder.xml', xml: folderReceipt() }, { name: 'folder-existing.xml', xml: folderReceipt(true) }, { name: 'record.xml', xml: recordReceipt }, { name: 'failed.xml', xml: failedRecord },
    ])).toEqual([]);
    expect(await validate('no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett.kvittering.xsd', [{ name: 'file.xml', xml: fileReceipt }])).toEqual([]);
    for (const root of ['ugyldigforespoersel', 'serverfeil', 'ikkefunnet'] as const) {
      expect(await validate(`no.ks.fiks.arkiv.v1.feilmelding.${root}.xsd`, [{ name: `${root}.xml`, xml: error(root) }])).toEqual([]);
    }
  });

  it('a folder receipt gives «2026/1234», and a journalpost receipt with it «2026/1234-3»', () => {
    const folder = parseReply(FIKS_ARKIV_TYPES.arkivmeldingKvittering, folderReceipt());
    expect(folder).toMatchObject({ kind: 'kvittering', folder: { created: true, key: 'meldfra/tenant-1/ellingsrud/case-7', saksaar: 2026, sakssekvensnummer: 1234 } });
    const folderNumbers = archiveNumbersOf(folder)!;
    expect(archiveNumber(folderNumbers)).toBe('2026/1234');
    const record = parseReply(FIKS_ARKIV_TYPES.arkivmeldingKvittering, recordReceipt);
    expect(record).toMatchObject({ kind: 'kvittering', record: { created: true, journalpostnummer: 3, journalaar: 2026, journalsekvensnummer: 88123 } });
    expect(archiveNumber(archiveNumbersOf(record, folderNumbers)!)).toBe('2026/1234-3');
    // a journalpost receipt alone does not know the folder's number
    expect(archiveNumbersOf(record)).toBeUndefined();
    // a repeat is recognised: same numbers, not created
    expect(parseReply(FIKS_ARKIV_TYPES.arkivmeldingKvittering, folderReceipt(true))).toMatchObject({ folder: { created: false, saksaar: 2026 } });
  });

  it('mottatt and the file receipt', () => {
    expect(parseReply(FIKS_ARKIV_TYPES.arkivmeldingMottatt, undefined)).toEqual({ kind: 'mottatt' });
    expect(parseReply(FIKS_ARKIV_TYPES.dokumentobjektKvittering, fileReceipt)).toEqual({ kind: 'dokumentobjektKvittering', systemID: '2a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
  });

  it.each([
    [FIKS_ARKIV_TYPES.ugyldigforespoersel, 'ugyldigforespoersel', false],
    ['no.ks.fik.arkiv.v1.feilmelding.ugyldigforespoersel', 'ugyldigforespoersel', false],
    [FIKS_ARKIV_TYPES.serverfeil, 'serverfeil', true],
    [FIKS_ARKIV_TYPES.ikkefunnet, 'ikkefunnet', true],
  ] as const)('%s: a FiksArkivError with the archive\'s words, which are kept out of the loggable message', (type, root, retryable) => {
    let caught: unknown;
    try { parseReply(type, error(root)); } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(FiksArkivError);
    const e = caught as FiksArkivError;
    expect({ kind: e.kind, feilId: e.feilId, archiveMessage: e.archiveMessage, retryable: e.retryable }).toEqual({ kind: root, feilId: `E-${root}-1`, archiveMessage: ARCHIVE_TEXT, retryable });
    expect(e.message).not.toContain(PUPIL);
    expect(e.message).toContain(`E-${root}-1`);
  });

  it('a receipt that says the journalpost failed is an error too', () => {
    expect(() => parseReply(FIKS_ARKIV_TYPES.arkivmeldingKvittering, failedRecord)).toThrow(expect.objectContaining({ kind: 'registreringFeilet', feilId: 'E-77', archiveMessage: 'Arkivdel ELEV finnes ikke', retryable: false }));
  });

  it('a reply we cannot read: not XML, a DTD, the wrong element for its type, an unknown type', () => {
    const kind = (type: string, xml: string): string | undefined => {
      try { parseReply(type, xml); return undefined; } catch (err) { return (err as FiksArkivError).kind; }
    };
    expect(kind(FIKS_ARKIV_TYPES.arkivmeldingKvittering, 'not xml <')).toBe('ugyldigSvar');
    expect(kind(FIKS_ARKIV_TYPES.arkivmeldingKvittering, `<!DOCTYPE x [<!ENTITY a "aaaa">]>${recordReceipt.replace(/^<\?xml[^>]*>/, '')}`)).toBe('ugyldigSvar');
    expect(kind(FIKS_ARKIV_TYPES.arkivmeldingKvittering, error('serverfeil'))).toBe('ugyldigSvar');
    expect(kind('no.ks.fiks.arkiv.v1.innsyn.sok.resultat', recordReceipt)).toBe('ugyldigSvar');
  });
});

describe('npm run archive:sample', () => {
  it('writes the messages of a whole case, each with its PDF, and they validate', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'archive-sample-'));
    try {
      const root = path.join(__dirname, '../..');
      const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/archive-sample.ts'), out], { cwd: root });
      const xmlFiles = readdirSync(out).filter((f) => f.endsWith('.xml')).sort();
      expect(xmlFiles).toEqual(['01-saksmappe.xml', '02-melding.xml', '03-aktivitetsplan-1.xml', '04-evaluering-1.xml', '05-avslutning.xml']);
      expect(stdout).toContain('wrote 9 files');
      const docs = xmlFiles.map((name) => ({ name, xml: readFileSync(path.join(out, name), 'utf8') }));
      for (const d of docs.slice(1)) {
        const [file] = texts(d.xml, 'referanseDokumentfil');
        expect(readFileSync(path.join(out, file)).subarray(0, 5).toString()).toBe('%PDF-');
      }
      expect(await validate('no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd', docs)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
