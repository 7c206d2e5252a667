/**
 * "årshjul" (seed 004 §3, §4, §7; SPEC §3.6): the school's recurring tasks with defaults from the
 * plan, changed only by rektor or the admin, posted once in the school's channel on their day.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, type As } from '../support/bot-client';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const clock = { at: new Date('2026-09-01T09:00:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));
const SCHOOL_CHANNEL = '19:ansatte@thread.tacv2';
const inChannel = (who: As): As => ({ ...who, conversationId: `${SCHOOL_CHANNEL};messageid=1`, conversationType: 'channel' });

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
const posts = () => connector.sent.filter((s) => s.conversationId === SCHOOL_CHANNEL).map((s) => cardText(s.activity.attachments?.[0]?.content));

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

describe('årshjul', () => {
  it('shows every member of staff the year’s tasks from the plan, in school-year order; only rektor may change them', async () => {
    const [card] = await bot.say(kari, 'årshjul');
    const t = cardText(card);
    expect(t).toContain('Årshjulet for skolemiljøarbeidet – Ellingsrud skole (demo)');
    const titles = ['Informasjon om kapittel 12 til alle ansatte', 'Informasjon om kapittel 12 på foreldremøtene', 'Sosiogram og relasjonskartlegging (høst)', 'Utviklingssamtaler (høst)',
      'Oppfølging av Elevundersøkelsen', 'Sosiogram og relasjonskartlegging (vår)', 'Utviklingssamtaler (vår)', 'Evaluering av planen for skolemiljøarbeidet'];
    const idx = titles.map((x) => t.indexOf(x));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(t).toContain('tir. 13.10.2026\nSosiogram og relasjonskartlegging (høst)');
    expect(buttons(card)).toEqual([]);
    const [hers] = await bot.say(rektor, 'årshjul');
    expect(buttons(hers)).toEqual(['Endre årshjulet']);
    expect(cardText(hers)).toContain('Skriv «@Meld fra kanal skole» i kanalen der oppgavene skal postes.');
  });

  it('rektor moves a task, switches one off and adds the school’s own; a bad date is named and the new task kept', async () => {
    const [card] = await bot.say(rektor, 'årshjul');
    const form = await bot.act(rektor, 'annual.edit', findVerb(card, 'Endre årshjulet').data);
    const data = findVerb(form, 'Lagre årshjulet').data;
    const bad = await bot.act(rektor, 'annual.save', { ...data, 'sosiogram_host.date': '', 'new.title': 'Trivselsdag', 'new.date': '2027-02-10' });
    expect(cardText(bad)).toContain('Må fylles ut.');
    expect(JSON.stringify(bad)).toContain('Trivselsdag');
    const saved = await bot.act(rektor, 'annual.save', {
      ...data, 'sosiogram_host.date': '2026-10-20', 'utviklingssamtaler_var.active': 'false', 'new.title': 'Trivselsdag', 'new.date': '2027-02-10', 'new.description': 'Elevrådet arrangerer.',
    });
    const t = cardText(saved);
    expect(t).toContain('Årshjulet er lagret.');
    expect(t).toContain('tir. 20.10.2026\nSosiogram og relasjonskartlegging (høst)');
    expect(t).toContain('Utviklingssamtaler (vår) (slått av)');
    expect(t).toContain('ons. 10.2.2027\nTrivselsdag');
    // A teacher's forged save changes nothing.
    const refused = await bot.act(kari, 'annual.save', { ...data, 'evaluering_plan.active': 'false' });
    expect(cardText(refused)).toContain('Bare rektor eller skolens administrator kan endre årshjulet.');
    expect(cardText((await bot.say(kari, 'årshjul'))[0])).not.toContain('Evaluering av planen for skolemiljøarbeidet (slått av)');
  });

  it('posts each task in the school’s channel on its day, once, even when two sweeps run at once; nothing switched off, no backlog', async () => {
    await bot.texts(inChannel(rektor), 'kanal skole');
    at('2026-10-13T07:00:00Z'); // the default sosiogram day: moved, so nothing
    expect((await app.annual.sweep()).posted).toBe(0);
    at('2026-10-20T07:00:00Z');
    const [a, b] = await Promise.all([app.annual.sweep(), app.annual.sweep()]);
    expect(a.posted + b.posted).toBe(1);
    expect(posts()).toEqual(['Årshjulet: Sosiogram og relasjonskartlegging (høst)\nFaste undersøkelser hvert semester: sosiogram/relasjonskartlegging i alle klasser.']);
    expect((await app.annual.sweep()).posted).toBe(0);
    at('2027-04-13T07:00:00Z'); // utviklingssamtaler (vår) is switched off
    expect((await app.annual.sweep()).posted).toBe(0);
    at('2027-02-10T07:00:00Z');
    await app.annual.sweep();
    expect(posts().at(-1)).toBe('Årshjulet: Trivselsdag\nElevrådet arrangerer.');
  });
});
