/**
 * `npm run admin -- import/export` (issue 7, identity and administration): a school's people,
 * roles, classes and channels from a JSON or CSV file, against the real Azurite. Every problem
 * is named with its line and nothing is changed; the file is the whole truth for its school;
 * an export imported again changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import type { ParseResult } from '../../src/app/admin-file';
import { toCsv, toJson } from '../../src/app/admin-file-write';
import { errorLines, planLines, SchoolAdmin } from '../../src/app/admin-import';
import { DEMO_TENANT, seedDemo } from '../../src/seed';
import { connectionString, testTables, uniquePrefix } from '../support/tables';

const ROOT = resolve(__dirname, '..', '..');
const prefix = uniquePrefix();
const directory = new DirectoryRepository(testTables(prefix));
const admin = new SchoolAdmin({ directory, now: () => new Date('2026-11-25T10:00:00Z') });
const docs = (f: string) => readFileSync(join(ROOT, 'docs', 'admin', f), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'meld-fra-admin-'));

/** Everything the directory holds about a school, to compare before and after. */
async function snapshot(schoolId = 'ellingsrud') {
  const [school, classes, staff, channels] = await Promise.all([
    directory.getSchool(DEMO_TENANT, schoolId),
    directory.listClasses(DEMO_TENANT, schoolId),
    directory.staffOf(DEMO_TENANT, schoolId),
    directory.listChannels(DEMO_TENANT, schoolId),
  ]);
  return { school, classes, staff: [...staff].sort((a, b) => a.userId.localeCompare(b.userId)), channels };
}

const ok = (r: ParseResult) => {
  if (!r.ok) throw new Error(errorLines('nb', r.errors).join('\n'));
  return r.file;
};
const errorsOf = (r: ParseResult, lang: 'nb' | 'nn' | 'en' = 'nb') => (r.ok ? [] : errorLines(lang, r.errors));

beforeAll(async () => {
  await directory.init();
  await seedDemo(directory);
});

describe('the example files', () => {
  it.each(['ellingsrud.json', 'ellingsrud.csv', 'nordberg.json'])('docs/admin/%s is the demo seed: importing it changes nothing', async (f) => {
    const plan = await admin.plan(ok(await admin.read(docs(f), f.endsWith('.csv') ? 'csv' : 'json')));
    expect(plan.hasChanges).toBe(false);
    expect(planLines('nb', plan)).toEqual(['Ingen endringer: Meld fra har allerede det filen sier.']);
  });
});

describe('importing', () => {
  it('a JSON file is the whole truth for its school: new, changed and removed people, classes and channels; other schools untouched', async () => {
    const nordberg = await snapshot('nordberg');
    const f = JSON.parse(docs('ellingsrud.json'));
    f.classes.push({ name: '8C', trinn: 8 });
    f.people = f.people.filter((p: { name: string }) => p.name !== 'Tone Vik');
    const kari = f.people.find((p: { name: string }) => p.name === 'Kari Nordmann');
    kari.classes = ['8C'];
    f.people.push({ userId: '00000000-0000-4000-8000-0000000000A1', name: 'Nina Ny', email: 'nina.ny@skole.example', roles: ['ansatt', 'Kontaktlærer'], classes: ['8b'] });
    f.channels.push({ scope: 'trinn', target: '8', conversationId: '19:trinn8@thread.tacv2', serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    const plan = await admin.plan(ok(await admin.read(JSON.stringify(f, null, 2), 'json')));
    expect(planLines('nb', plan)).toEqual([
      'Klasser: 1 ny, 0 endret, 0 fjernet.',
      'Ellingsrud skole (demo): 1 ny, 1 endret, 1 fjernet.',
      '  Nye: Nina Ny',
      '  Endret: Kari Nordmann (klasser)',
      '  Fjernet: Tone Vik',
      'Kanaler: 1 ny, 0 endret, 0 fjernet.',
    ]);
    expect(plan.removes).toBe(true);
    await admin.apply(plan);

    const after = await snapshot();
    expect(after.classes.map((c) => c.name)).toEqual(['8A', '8B', '8C', '9A', '9B', '10A', '10B']);
    expect(after.staff.find((m) => m.name === 'Tone Vik')).toBeUndefined();
    expect(after.staff.find((m) => m.name === 'Kari Nordmann')).toMatchObject({ classes: ['8C'], teamsId: 'user-kari', email: 'kari.nordmann@skole.example' });
    // The object id is stored as Entra ID writes it (lower case); the class as the school writes it.
    expect(after.staff.find((m) => m.name === 'Nina Ny')).toMatchObject({ userId: '00000000-0000-4000-8000-0000000000a1', roles: ['ansatt', 'kontaktlaerer'], classes: ['8B'] });
    expect(after.channels).toEqual([expect.objectContaining({ scope: 'trinn', target: '8', conversationId: '19:trinn8@thread.tacv2', setBy: 'import' })]);
    expect(await snapshot('nordberg')).toEqual(nordberg);
    // Per Hansen works at both schools: his Nordberg membership is his own row.
    expect((await directory.membershipsOf(DEMO_TENANT, '00000000-0000-4000-8000-000000000027')).map((m) => m.schoolId).sort()).toEqual(['ellingsrud', 'nordberg']);

    // The same file again: nothing to do.
    expect((await admin.plan(ok(await admin.read(JSON.stringify(f), 'json')))).hasChanges).toBe(false);
  });

  it('a CSV file from a spreadsheet (BOM, CRLF, commas, Norwegian headers, | between roles) creates a new school', async () => {
    const csv = [
      '\uFEFF# Bakke skole, eksportert fra Visma',
      '#tenantId,6b0f3c3e-0000-4000-8000-000000000001',
      '#schoolId,bakke',
      '#name,Bakke skole',
      '#languageForm,nn',
      '#investigationDays,7',
      '#retentionMonths,24',
      '#break,haustferie,2026-10-05,2026-10-09',
      '#class,1A,1',
      '#class,2A,2',
      '#channel,skole,,19:bakke@thread.tacv2,https://smba.trafficmanager.net/emea/',
      'objectId,Navn,E-post,Roller,Klasser,Trinn',
      '00000000-0000-4000-8000-0000000000b1,Berit Bakke,berit@bakke.example,ansatt|rektor,,',
      '00000000-0000-4000-8000-0000000000b2,"Dahl, Anne",,ansatt|kontaktlærer,1A|2A,',
      '00000000-0000-4000-8000-0000000000b3,Per Leiar,,ansatt|avdelingsleder,,1-4',
      '00000000-0000-4000-8000-0000000000b4,Siv Skoleeigar,siv@kommune.example,skoleeier,,',
      '',
    ].join('\r\n');
    const plan = await admin.plan(ok(await admin.read(csv, 'csv')));
    expect(planLines('nn', plan)).toEqual([
      'Skolen Bakke skole (bakke) blir oppretta.',
      'Klassar: 2 nye, 0 endra, 0 fjerna.',
      'Bakke skole: 4 nye, 0 endra, 0 fjerna.',
      '  Nye: Berit Bakke, Dahl, Anne, Per Leiar, Siv Skoleeigar',
      'Kanalar: 1 ny, 0 endra, 0 fjerna.',
    ]);
    expect(plan.removes).toBe(false);
    await admin.apply(plan);
    expect(await directory.getSchool(DEMO_TENANT, 'bakke')).toEqual({
      tenantId: DEMO_TENANT, schoolId: 'bakke', name: 'Bakke skole', languageForm: 'nn', investigationDays: 7, retentionMonths: 24,
      breaks: [{ name: 'haustferie', from: '2026-10-05', to: '2026-10-09' }],
    });
    const staff = await directory.staffOf(DEMO_TENANT, 'bakke');
    expect(staff.find((m) => m.name === 'Dahl, Anne')).toMatchObject({ roles: ['ansatt', 'kontaktlaerer'], classes: ['1A', '2A'] });
    expect(staff.find((m) => m.name === 'Per Leiar')).toMatchObject({ trinn: [1, 2, 3, 4] });
  });

  it('a CSV with only people keeps the stored classes and checks against them', async () => {
    const csv = (cls: string) => `#tenantId;${DEMO_TENANT}\n#schoolId;bakke\n#name;Bakke skole\n#languageForm;nn\n#investigationDays;7\n#retentionMonths;24\n#break;haustferie;2026-10-05;2026-10-09\nuserId;name;roles;classes\n00000000-0000-4000-8000-0000000000b1;Berit Bakke;ansatt,rektor;\n00000000-0000-4000-8000-0000000000b2;Dahl, Anne;ansatt,kontaktlærer;${cls}\n00000000-0000-4000-8000-0000000000b4;Siv Skoleeigar;skoleeier;\n`;
    expect(errorsOf(await admin.read(csv('3A'), 'csv'))).toEqual(['Linje 10: Klassen «3A» finnes ikke ved skolen i Meld fra. Legg til klassene i filen.']);
    const plan = await admin.plan(ok(await admin.read(csv('1a'), 'csv')));
    expect(planLines('nb', plan)).toEqual([
      'Bakke skole: 0 nye, 1 endret, 1 fjernet.',
      '  Endret: Dahl, Anne (klasser)',
      '  Fjernet: Per Leiar',
    ]);
    expect(plan.classes).toEqual({ added: [], changed: [], removed: [] });
    expect(plan.channels).toEqual({ added: [], changed: [], removed: [] });
  });
});

describe('a file with errors changes nothing and names every problem with its line', () => {
  it('CSV: class trinn conflicting and out of range, no rektor, duplicate, bad GUID, no name, unknown role and class, bad trinn and email', async () => {
    const before = await snapshot();
    const csv = [
      `#tenantId;${DEMO_TENANT}`,
      '#schoolId;ellingsrud',
      '#name;Ellingsrud skole (demo)',
      '#class;8A;8',
      '#class;8A;9',
      '#class;9A;14',
      'userId;name;email;roles;classes;trinn',
      '00000000-0000-4000-8000-000000000020;Kari Nordmann;kari@skole.example;ansatt,kontaktlærer;8A;',
      '00000000-0000-4000-8000-000000000020;Kari Kopi;;ansatt;;',
      'not-a-guid;Ola Nordmann;;ansatt;;',
      '00000000-0000-4000-8000-000000000041;;;ansatt;;',
      '00000000-0000-4000-8000-000000000042;Lise Lærer;;ansatt,lærer;;',
      '00000000-0000-4000-8000-000000000043;Ola Nord;;ansatt,kontaktlærer;8C;',
      '00000000-0000-4000-8000-000000000044;Mia Leder;;ansatt,avdelingsleder;;14',
      '00000000-0000-4000-8000-000000000045;Eli Epost;eli(at)skole;ansatt;;',
      '00000000-0000-4000-8000-000000000046;Tor Tom;;;;',
    ].join('\n');
    const r = await admin.read(csv, 'csv');
    expect(errorsOf(r)).toEqual([
      'Linje 5: Klassen 8A står her med 9. trinn, men med 8. trinn på linje 4.',
      'Linje 6: trinn er 14, men må være fra 1 til 13.',
      'Linje 7: Ingen har rollen rektor. En skole må ha minst én rektor.',
      'Linje 7: Ingen har rollen skoleeier. En skole må ha minst én skoleeierkontakt, slik at meldinger etter § 12-5 og om skolens ledelse alltid kommer fram.',
      'Linje 9: Personen 00000000-0000-4000-8000-000000000020 står allerede på linje 8.',
      'Linje 10: userId «not-a-guid» er ikke en gyldig objekt-ID fra Microsoft Entra ID (en GUID).',
      'Linje 11: Navn mangler.',
      'Linje 12: Ukjent rolle «lærer». Gyldige roller: ansatt, kontaktlærer, faglærer, avdelingsleder, rektor, miljøteam, elevrådgiver, postfordeler, kontor, skoleeier, admin.',
      'Linje 13: Klassen «8C» står ikke i klasselisten i filen.',
      'Linje 14: Trinn «14» er ugyldig: trinn er fra 1 til 13.',
      'Linje 15: E-postadressen «eli(at)skole» er ugyldig.',
      'Linje 16: Tor Tom har ingen roller. Alle må ha minst én, for eksempel ansatt.',
    ]);
    expect(errorsOf(r, 'nn')[7]).toBe('Linje 12: Ukjend rolle «lærer». Gyldige roller: ansatt, kontaktlærer, faglærer, avdelingsleder, rektor, miljøteam, elevrådgiver, postfordeler, kontor, skoleeier, admin.');
    expect(errorsOf(r, 'en')[2]).toBe('Line 7: Nobody has the role rektor. A school needs at least one rektor.');
    expect(await snapshot()).toEqual(before);
  });

  it('a school id for Microsoft Graph (graphSchoolId) that cannot be one is named', async () => {
    const r = await admin.read(`#format;meld-fra-skole/1\n#tenantId;${DEMO_TENANT}\n#schoolId;ellingsrud\n#name;Ellingsrud skole\n#graphSchoolId;skole/8 a\nuserId;name;roles\n`, 'csv');
    expect(errorsOf(r)).toContain('Linje 5: «skole/8 a» er ikke en gyldig ID for skolen i Microsoft Graph (bokstaver, sifre, -, _ og ., høyst 100 tegn).');
    expect(errorsOf(r, 'nn')).toContain('Linje 5: «skole/8 a» er ikkje ein gyldig ID for skolen i Microsoft Graph (bokstavar, siffer, -, _ og ., høgst 100 teikn).');
  });

  it('CSV: the structure (unknown setting and column, a missing column, an open quote)', async () => {
    expect(errorsOf(await admin.read(`#skole;x\n#tenantId;${DEMO_TENANT}\nuserId;navn;rolle;avdeling\n`, 'csv'))).toEqual([
      'Linje 1: Ukjent innstilling «#skole». Gyldige: #format, #tenantId, #schoolId, #name, #languageForm, #investigationDays, #urgentInvestigationDays, #retentionMonths, #staffGroupId, #graphSchoolId, #meldepliktContact, #ownerPhone, #ownerEmail, #archiveSystem, #arkivdel, #ordningsprinsipp, #ordningsverdi, #administrativEnhet, #saksbehandler, #reportNoteType, #break, #class, #channel.',
      'Linje 3: Ukjent kolonne «avdeling». Gyldige kolonner: userId, name, email, roles, classes, trinn, teamsId.',
    ]);
    expect(errorsOf(await admin.read('userId;name\n"00000000-0000-4000-8000-000000000020;Kari\n', 'csv'))).toEqual([
      'Linje 1: Kolonnen «roles» mangler i overskriftslinjen.',
      'Linje 2: Filen kan ikke leses her: ugyldig JSON, eller et anførselstegn som ikke er lukket.',
    ]);
  });

  it('JSON: the line of the very field that is wrong; contact teacher without class, trinn without the role, unknown field, bad channel', async () => {
    const before = await snapshot();
    const json = `{
  "tenantId": "${DEMO_TENANT}",
  "school": { "schoolId": "ellingsrud", "name": "Ellingsrud skole (demo)", "languageForm": "nb", "investigationDays": 45 },
  "classes": [{ "name": "8A", "trinn": 8 }],
  "people": [
    { "userId": "00000000-0000-4000-8000-000000000021", "name": "Ragnhild Berg", "roles": ["ansatt", "rektor", "skoleeier"] },
    {
      "userId": "00000000-0000-4000-8000-000000000020",
      "name": "Kari Nordmann",
      "roles": ["ansatt", "kontaktlærer"],
      "trinn": [8],
      "role": "rektor"
    }
  ],
  "channels": [{ "scope": "trinn", "target": "9", "conversationId": "19:x@thread.tacv2", "serviceUrl": "https://smba.trafficmanager.net/emea/" }]
}`;
    expect(errorsOf(await admin.read(json, 'json'))).toEqual([
      'Linje 3: dager til undersøkelse er 45, men må være fra 1 til 30.',
      'Linje 10: Kari Nordmann er kontaktlærer, men har ingen klasse.',
      'Linje 11: Kari Nordmann har trinn, men ikke rollen avdelingsleder.',
      'Linje 12: Ukjent felt «role». Gyldige felt her: userId, name, email, roles, classes, trinn, teamsId.',
      'Linje 15: Kanalen «trinn 9» passer ikke: skole og admin har ikke noe mål, trinn må være et trinn med klasser, og klasse må være en av skolens klasser.',
    ]);
    expect(errorsOf(await admin.read('{\n  "tenantId": "x",\n  "people": [1,]\n}', 'json'))).toEqual(['Linje 3: Filen kan ikke leses her: ugyldig JSON, eller et anførselstegn som ikke er lukket.']);
    expect(errorsOf(await admin.read(`{ "tenantId": "${DEMO_TENANT}", "school": { "schoolId": "ellingsrud", "name": "E" }, "people": [] }`, 'json', '11111111-1111-4111-8111-111111111111'))).toEqual([
      `Linje 1: Filen gjelder tenant ${DEMO_TENANT}, men --tenant er 11111111-1111-4111-8111-111111111111.`,
      'Linje 1: Filen har ingen personer.',
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('a school always has a school owner to reach (issue 12)', () => {
  // 004 §8.3: «Dersom man har mistanke om eller kjennskap til at noen i skolens ledelse krenker en
  // elev, skal man kontakte UDA direkte»; opplæringslova § 12-5: «Rektor skal varsle skoleeigaren».
  it('refuses a file without a school-owner contact, naming the line, and changes nothing (JSON and CSV)', async () => {
    const before = await snapshot();
    const f = JSON.parse(docs('ellingsrud.json'));
    f.people = f.people.filter((p: { roles: string[] }) => !p.roles.includes('skoleeier'));
    const json = JSON.stringify(f, null, 2);
    const peopleLine = json.split('\n').findIndex((l) => l.includes('"people"')) + 1;
    expect(errorsOf(await admin.read(json, 'json'))).toEqual([
      `Linje ${peopleLine}: Ingen har rollen skoleeier. En skole må ha minst én skoleeierkontakt, slik at meldinger etter § 12-5 og om skolens ledelse alltid kommer fram.`,
    ]);
    const csv = docs('ellingsrud.csv').split('\n').filter((l) => !l.includes(';skoleeier;')).join('\n');
    const header = csv.split('\n').findIndex((l) => l.startsWith('userId;')) + 1;
    expect(errorsOf(await admin.read(csv, 'csv'), 'nn')).toEqual([
      `Linje ${header}: Ingen har rolla skoleeigar. Ein skole må ha minst éin skoleeigarkontakt, slik at meldingar etter § 12-5 og om leiinga på skolen alltid kjem fram.`,
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the school owner’s phone and e-mail and the §12-5 deadline as school settings; checks them with their line', async () => {
    const csv = (phone: string, days: string) =>
      [`#tenantId;${DEMO_TENANT}`, '#schoolId;haug', '#name;Haug skole', `#urgentInvestigationDays;${days}`, `#ownerPhone;${phone}`, '#ownerEmail;oppvekst@kommune.example',
        'userId;name;roles', '00000000-0000-4000-8000-0000000000e1;Hege Haug;ansatt,rektor', '00000000-0000-4000-8000-0000000000e2;Oda Oppvekst;skoleeier', ''].join('\n');
    expect(errorsOf(await admin.read(csv('ring meg', '2'), 'csv'))).toEqual([
      'Linje 4: dager til undersøkelse (§ 12-5) er 2, men må være fra 0 til 1.',
      'Linje 5: Telefonnummeret «ring meg» er ugyldig.',
    ]);
    await admin.apply(await admin.plan(ok(await admin.read(csv('+47 23 05 10 09', '0'), 'csv'))));
    expect(await directory.getSchool(DEMO_TENANT, 'haug')).toMatchObject({ urgentInvestigationDays: 0, ownerPhone: '+47 23 05 10 09', ownerEmail: 'oppvekst@kommune.example' });
    const exported = (await admin.export(DEMO_TENANT, 'haug'))!;
    expect(toCsv(exported)).toContain('#ownerPhone;+47 23 05 10 09');
    for (const [text, kind] of [[toJson(exported), 'json'], [toCsv(exported), 'csv']] as const) expect((await admin.plan(ok(await admin.read(text, kind)))).hasChanges).toBe(false);
  });
});

describe('export', () => {
  it('writes the same format, so an export imported again is a no-op (JSON and CSV), with every setting and channel', async () => {
    const f = ok(await admin.read(docs('ellingsrud.json'), 'json'));
    f.school.staffGroupId = '5f8c3a1e-2b4d-4c6e-8f0a-1b2c3d4e5f60';
    f.school.graphSchoolId = 'a7d2f0e4-3c51-4b8e-9f20-6e1d5c4b3a21';
    f.school.retentionMonths = 18;
    f.school.breaks = [{ name: 'høstferie', from: '2026-09-28', to: '2026-10-04' }];
    f.channels = [
      { line: 0, scope: 'admin', target: '', conversationId: '19:drift@thread.tacv2', serviceUrl: 'https://smba.trafficmanager.net/emea/' },
      { line: 0, scope: 'klasse', target: '8A', conversationId: '19:"8A";semi@thread.tacv2', serviceUrl: 'https://smba.trafficmanager.net/emea/' },
    ];
    f.people[0].name = 'Ingrid «Inga» Dahl; rådgiver';
    await admin.apply(await admin.plan(f));

    const exported = (await admin.export(DEMO_TENANT, 'ellingsrud'))!;
    for (const [text, kind] of [[toJson(exported), 'json'], [toCsv(exported), 'csv']] as const) {
      const again = ok(await admin.read(text, kind));
      const plan = await admin.plan(again);
      expect({ kind, changes: plan.hasChanges, lines: planLines('nb', plan) }).toEqual({ kind, changes: false, lines: ['Ingen endringer: Meld fra har allerede det filen sier.'] });
    }
    expect(toCsv(exported)).toContain('#staffGroupId;5f8c3a1e-2b4d-4c6e-8f0a-1b2c3d4e5f60');
    expect(toCsv(exported)).toContain('#graphSchoolId;a7d2f0e4-3c51-4b8e-9f20-6e1d5c4b3a21');
    expect(await admin.export(DEMO_TENANT, 'finnes-ikke')).toBeUndefined();
  });

  it('with a staff group, people with only the role ansatt who are not in the file are left to the Entra ID sync', async () => {
    await directory.upsertMembership({ tenantId: DEMO_TENANT, schoolId: 'ellingsrud', userId: '00000000-0000-4000-8000-0000000000c1', name: 'Entra Ansatt', roles: ['ansatt'], classes: [], trinn: [] });
    const f = ok(await admin.read(toJson((await admin.export(DEMO_TENANT, 'ellingsrud'))!), 'json'));
    f.people = f.people.filter((p) => p.name !== 'Entra Ansatt' && p.name !== 'Sara Khan');
    const plan = await admin.plan(f);
    expect(plan.removed.map((p) => p.name)).toEqual(['Sara Khan']);
    expect(planLines('nb', plan)).toContain('Beholdt (1): har bare rollen ansatt og kommer fra skolens gruppe i Entra ID.');
  });
});

describe('the command line', () => {
  it('npm run admin -- import <file> --dry-run prints what would change and changes nothing', async () => {
    const f = JSON.parse(docs('ellingsrud.json'));
    f.people.push({ userId: '00000000-0000-4000-8000-0000000000d1', name: 'Dina Dry', roles: ['ansatt'] });
    const file = join(tmp, 'ellingsrud.json');
    writeFileSync(file, JSON.stringify(f, null, 2));
    const before = await snapshot();
    const run = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/admin.ts', 'import', file, '--dry-run'], {
      cwd: ROOT,
      env: { ...process.env, TABLES_CONNECTION_STRING: connectionString(), TABLE_PREFIX: prefix },
    });
    expect(run.stdout).toContain('Ellingsrud skole (demo): 1 ny, ');
    expect(run.stdout).toContain('  Nye: Dina Dry');
    expect(run.stdout).toContain('Prøvekjøring (--dry-run): ingenting er endret.');
    expect(await snapshot()).toEqual(before);
  });
});

describe('the school’s archive settings (issue 16)', () => {
  const people = ['userId;name;roles', '00000000-0000-4000-8000-0000000000f1;Liv Lia;ansatt,rektor', '00000000-0000-4000-8000-0000000000f2;Olav Oppvekst;skoleeier', ''];
  const csv = (...archive: string[]) => [`#tenantId;${DEMO_TENANT}`, '#schoolId;lia', '#name;Lia skole', ...archive, ...people].join('\n');
  const full = ['#archiveSystem;Websak', '#arkivdel;ELEV', '#ordningsprinsipp;FELLESKLASSE', '#ordningsverdi;B31', '#administrativEnhet;Lia skole', '#saksbehandler;arkiv.lia', '#reportNoteType;N'];
  const archiving = new SchoolAdmin({ directory, now: () => new Date('2026-11-25T10:00:00Z'), archiveOn: true });

  it('with the archive on, a school without its arkivdel is refused with its line, and nothing is stored', async () => {
    expect(errorsOf(await archiving.read(csv(), 'csv'))).toEqual([
      'Linje 2: Arkivdel mangler: sakene arkiveres (ARCHIVE er slått på), så skolen må ha arkivinnstillingene fra kommunens arkivtjeneste (arkivdel, arkivsystem, ordningsprinsipp, ordningsverdi, administrativ enhet og saksbehandler).',
    ]);
    expect(errorsOf(await archiving.read(csv(), 'csv'), 'nn')[0]).toContain('Arkivdel manglar: sakene blir arkiverte');
    const partial = full.filter((l) => !l.startsWith('#arkivdel')).map((l) => (l.startsWith('#reportNoteType') ? '#reportNoteType;Y' : l));
    expect(errorsOf(await archiving.read(csv(...partial), 'csv'))).toEqual([
      'Linje 4: Arkivinnstillingene mangler arkivdel.',
      'Linje 9: Journalposttypen «Y» er ugyldig: bruk X (internt notat uten oppfølging) eller N (internt notat med oppfølging).',
    ]);
    expect(await directory.getSchool(DEMO_TENANT, 'lia')).toBeUndefined();
    // With the archive off, a school needs none.
    expect((await admin.read(csv(), 'csv')).ok).toBe(true);
  });

  it('keeps the settings with the school, exports them, and an export imported again changes nothing', async () => {
    await archiving.apply(await archiving.plan(ok(await archiving.read(csv(...full), 'csv'))));
    expect((await directory.getSchool(DEMO_TENANT, 'lia'))?.archive).toEqual({
      systemName: 'Websak', arkivdel: 'ELEV', ordningsprinsipp: 'FELLESKLASSE', ordningsverdi: 'B31', administrativEnhet: 'Lia skole', saksbehandler: 'arkiv.lia', reportNoteType: 'N',
    });
    const exported = (await archiving.export(DEMO_TENANT, 'lia'))!;
    expect(toCsv(exported)).toContain('#arkivdel;ELEV');
    expect(JSON.parse(toJson(exported)).school).toMatchObject({ archiveSystem: 'Websak', arkivdel: 'ELEV' });
    for (const [text, kind] of [[toJson(exported), 'json'], [toCsv(exported), 'csv']] as const) expect((await archiving.plan(ok(await archiving.read(text, kind)))).hasChanges).toBe(false);
    const moved = await archiving.plan(ok(await archiving.read(csv(...full.map((l) => l.replace('B31', 'B32'))), 'csv')));
    expect(planLines('nb', moved)).toContain('Skolens innstillinger endres: ordningsverdi.');
  });
});
