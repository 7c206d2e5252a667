/**
 * "roller" (issue 7): rektor and the school's admin see who holds which role at their school,
 * in the personal chat; everyone else is refused politely. Through the real HTTP endpoint.
 */
import { rolesCard } from '../../src/adapters/teams/cards/roles-views';
import type { RoleOverview } from '../../src/app/school-roles';
import { ROLES, type Role } from '../../src/domain/people';
import { DEMO_TENANT } from '../../src/seed';
import { startTestApp, TestApp } from '../support/app';
import { FakeConnector } from '../support/connector';
import { BotClient, buttons, cardText, findVerb, persona, type As } from '../support/bot-client';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const eva = persona('Eva');
const emma = persona('Emma');

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

describe('roller', () => {
  it('shows rektor every role at her school with the people holding it, with classes and trinn', async () => {
    const [card] = await bot.say(rektor, 'roller');
    const t = cardText(card);
    expect(t).toContain('Roller ved Ellingsrud skole (demo)');
    expect(t).toContain('9 personer har en rolle ved skolen.');
    expect(t).toContain('Rektor (1)\nRagnhild Berg');
    expect(t).toContain('Avdelingsleder (2)\nLars Eide (trinn 8), Mona Lie (trinn 9, 10)');
    expect(t).toContain('Kontaktlærer (1)\nKari Nordmann (8A)');
    expect(t).toContain('Faglærer (2)\nKari Nordmann, Per Hansen');
    expect(t).toContain('Administrator (0)\nIngen');
    // Seed 003's «administrasjonen», which keeps the copy of leave requests, is its own role.
    expect(t).toContain('Kontor (administrasjonen) (1)\nTone Vik');
    expect(t).toContain('Skoleeier (1)\nJon Aas');
    expect(t).toContain('Ansatt (8)\nIngrid Dahl, Kari Nordmann, Lars Eide, Mona Lie, Per Hansen, Ragnhild Berg, Sara Khan, Tone Vik');
    // Nobody from the other school.
    expect(t).not.toContain('Eva Strand');
    expect(buttons(card)).toEqual([]);
  });

  it('answers in nynorsk and English too ("rollene", "roles")', async () => {
    const nn = cardText((await bot.say({ ...eva, locale: 'nn-NO' }, 'rollene'))[0]);
    expect(nn).toContain('Roller ved Nordberg skole (demo)');
    expect(nn).toContain('Kontaktlærar (1)\nPer Hansen (5B)');
    expect(nn).toContain('Avdelingsleiar (1)\nKnut Berg (trinn 1, 2, 3, 4, 5, 6, 7)');
    const en = cardText((await bot.say({ ...rektor, locale: 'en-US' }, 'roles'))[0]);
    expect(en).toContain('Roles at Ellingsrud skole (demo)');
    expect(en).toContain('Principal (1)\nRagnhild Berg');
  });

  it('refuses a kontaktlærer and a pupil politely, also when a card action is forged', async () => {
    const refusal = 'Bare rektor eller skolens administrator kan se hvem som har hvilke roller.';
    expect(cardText((await bot.say(kari, 'roller'))[0])).toContain(refusal);
    expect(cardText((await bot.say(emma, 'roller'))[0])).toContain(refusal);
    const forged = await bot.act(kari, 'roles.show', { schoolId: 'ellingsrud', showSchool: 'ellingsrud' });
    expect(cardText(forged)).toContain(refusal);
    expect(cardText(forged)).not.toContain('Ragnhild Berg');
  });

  it('shows the roles only in the personal chat', async () => {
    const inChannel: As = { ...rektor, conversationId: '19:ansatte@thread.tacv2;messageid=1', conversationType: 'channel' };
    expect(await bot.texts(inChannel, 'roller')).toEqual(['Rollene vises bare i den personlige chatten med Meld fra. Skriv «roller» til meg der.']);
  });

  it('lets an admin of two schools switch between them, and only between those', async () => {
    await app.directory.upsertMembership({ tenantId: DEMO_TENANT, schoolId: 'nordberg', userId: rektor.userId, name: 'Ragnhild Berg', roles: ['admin'], classes: [], trinn: [] });
    const [card] = await bot.say(rektor, 'roller');
    expect(cardText(card)).toContain('Du er også rektor eller administrator ved');
    const show = findVerb(card, 'Vis skolen');
    const other = await bot.act(rektor, show.verb, { ...show.data, showSchool: 'nordberg' });
    expect(cardText(other)).toContain('Roller ved Nordberg skole (demo)');
    expect(cardText(other)).toContain('Administrator (1)\nRagnhild Berg');
    const elsewhere = await bot.act(rektor, show.verb, { ...show.data, showSchool: 'bakke' });
    expect(cardText(elsewhere)).toContain('Bare rektor eller skolens administrator kan se hvem som har hvilke roller.');
  });
});

describe('card size', () => {
  const overview = (staff: number, nameLength: number): RoleOverview => {
    const people = Array.from({ length: staff }, (_, k) => ({
      userId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      name: `Ansatt ${k} ${'Etternavnsen'.repeat(10)}`.slice(0, nameLength),
      classes: k % 5 === 0 ? [`${8 + (k % 3)}${'ABCDEFGH'[k % 8]}`] : [],
      trinn: k % 25 === 0 ? [8, 9, 10] : [],
    }));
    const holders = (role: Role) =>
      people.filter((p, k) => role === 'ansatt' || (role === 'kontaktlaerer' && p.classes.length) || (role === 'avdelingsleder' && p.trinn.length) || (role === 'faglaerer' && k % 2 === 0) || k % 40 === 1);
    return {
      school: { tenantId: DEMO_TENANT, schoolId: 'stor', name: 'Stor ungdomsskole', languageForm: 'nb', investigationDays: 5 },
      staffCount: staff,
      roles: ROLES.map((role) => ({ role, people: holders(role) })),
      otherSchools: [],
    };
  };
  const size = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

  it.each(['nb', 'nn', 'en'] as const)('stays under 28 KB with 250 staff, listing everyone when the names are ordinary (%s)', (lang) => {
    const card = rolesCard(lang, overview(250, 22));
    expect(size(card)).toBeLessThan(28 * 1024);
    expect(cardText(card)).toContain('Ansatt 249');
  });

  it('stays under 28 KB with 250 staff with long names, showing the longest lists as counts', () => {
    const card = rolesCard('nb', overview(250, 120));
    expect(size(card)).toBeLessThan(28 * 1024);
    expect(cardText(card)).toContain('250 personer. Listen er for lang for ett kort');
  });
});
