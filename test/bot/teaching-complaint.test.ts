/**
 * Klage på opplæring (seed 000, SPEC §3.2) in Teams, through the real endpoint, Azurite and a
 * local connector: the avdelingsleder registers the complaint (seed 001 §1: no colleague takes it), the faglærer and the tillitselever
 * meet, every participant approves the minutes, the follow-up three weeks later is reminded and
 * recorded, the written complaint goes to the leader, the leader's talks and the joint meeting,
 * and rektor closes it. Refusals are named in words; forms keep what was typed.
 */
import { CalendarSwitch } from '../support/calendar-switch';
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona } from '../support/bot-client';
import type { TokenCredential } from '@azure/identity';
import { FakeGraph } from '../support/graph-server';

const kari = persona('Kari'); // kontaktlærer 8A (and faglærer)
const per = persona('Per'); // faglærer
const lars = persona('Lars'); // avdelingsleder 8. trinn
const rektor = persona('Ragnhild');
const mona = persona('Mona'); // avdelingsleder 9.–10. trinn: no part in it
const sara = persona('Sara'); // miljøteam: no part in it
const eva = persona('Eva'); // rektor at another school
const emma = persona('Emma'); // a pupil

const clock = { at: new Date('2026-11-02T09:00:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock, options: { calendarSwitch: calendar.wrap } });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

/** The app's calendar (the local one: our store and .ics files) behind a switch, to take it down for a while. */
const calendar = new CalendarSwitch();
/** The follow-up meetings in the local calendar on 1 December, as busy times of the faglærer. */
const perBusy = () => calendar.busyOn(per, '2026-12-01', '2026-12-02T00:00:00Z');
/** Busy times of a person in the local calendar on one day. */
const busyOf = (who: { userId: string }, day: string) => calendar.busyOn(who, day);
const fieldValue = (card: unknown, id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];
const last = (who: { userId: string }) => connector.cardsFor(who.userId).at(-1);
/** The address behind a link button (Action.OpenUrl) on a card. */
const urlOf = (card: any, title: string): string | undefined => {
  let url: string | undefined;
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.OpenUrl' && n.title === title) url ??= n.url;
    Object.values(n).forEach(walk);
  };
  walk(card);
  return url;
};

/** "klage" → "Undervisningen i et fag": the registration form. */
async function form(who = lars) {
  const [choice] = await bot.say(who, 'klage');
  return bot.act(who, 'complaint.choose', { ...findVerb(choice, 'Gå videre').data, about: 'undervisning' });
}

const complaint = (o: Record<string, string> = {}) => ({ class: '8A', subject: 'Matematikk', teacherId: per.userId, representatives: '', description: 'Gjennomgangen går for fort for mange', ...o });

async function register(who = lars, o: Record<string, string> = {}) {
  const card = await form(who);
  return bot.act(who, 'tc.submit', { ...findVerb(card, 'Registrer klagen').data, ...complaint(o) });
}

const refOf = (card: unknown) => /KL-\d{4}-\d{4}/.exec(cardText(card))![0];
const ids = (card: unknown) => findVerb(card, 'Tilbake til klagen').data;

describe('klage på opplæring', () => {
  let ref = '';
  let data: Record<string, unknown> = {};
  /** The second complaint, taken straight to the leader (stage 3). */
  let naturfag = { data: {} as Record<string, unknown>, ref: '' };
  /** The complaint whose follow-up meeting is moved and then cancelled. */
  let moving = { data: {} as Record<string, unknown>, ref: '' };

  it('«Undervisningen i et fag» opens the registration with the routine; problems are named and what was typed is kept; the complaint starts at the conversation with the faglærer', async () => {
    const card = await form();
    const t = cardText(card);
    expect(t).toContain('Klager på undervisningen følger skolens rutine i fem trinn');
    for (const label of ['Klasse', 'Fag', 'Faglæreren klagen gjelder', 'Tillitselev(er), ett navn per linje', 'Kort om hva elevene opplever som vanskelig']) expect(t).toContain(label);
    expect(t).toContain('Per Hansen');
    expect(buttons(card)).toEqual(['Registrer klagen']);

    const bad = await bot.act(lars, 'tc.submit', { ...findVerb(card, 'Registrer klagen').data, ...complaint({ subject: '', representatives: 'Ola Nordmann\nola nordmann' }) });
    expect(cardText(bad)).toContain('Ingenting er lagret ennå. Rett det som er merket.');
    expect(cardText(bad)).toContain('Må fylles ut.');
    expect(cardText(bad)).toContain('Samme navn står to ganger.');
    expect(fieldValue(bad, 'description')).toBe('Gjennomgangen går for fort for mange');
    expect(fieldValue(bad, 'teacherId')).toBe(per.userId);

    const saved = await bot.act(lars, 'tc.submit', { ...findVerb(bad, 'Registrer klagen').data, ...complaint() });
    ref = refOf(saved);
    expect(ref).toMatch(/^KL-2026-\d{4}$/);
    const s = cardText(saved);
    expect(s).toContain(`Klagen er registrert som ${ref}.`);
    expect(s).toContain('Trinn 1 av 5: Samtale med faglærer');
    expect(s).toContain('Neste steg: Eleven/elevene ber først om en samtale med læreren som har faget. I denne samtalen bør eleven/elevene beskrive så konkret som mulig hva som oppleves som vanskelig.');
    expect(s).toContain('Lars Eide'); // the avdelingsleder for 8. trinn is the responsible leader
    // The leader may also take a written complaint straight to stage 3 (with a reason).
    expect(buttons(saved)).toEqual(['Referat: samtale med faglærer', 'Registrer skriftlig klage', 'Avslutt klagen']);
    data = ids(await bot.act(lars, 'tc.resolve.open', findVerb(saved, 'Avslutt klagen').data));
    // A second click on the same form shows the same complaint.
    expect(refOf(await bot.act(lars, 'tc.submit', { ...findVerb(bad, 'Registrer klagen').data, ...complaint() }))).toBe(ref);
    // «sak KL-…» finds it again.
    expect(cardText((await bot.say(lars, `sak ${ref}`))[0])).toContain('Trinn 1 av 5');
  });

  it('a teacher cannot register a complaint about a colleague’s teaching; staff who do not register get the routine and who does', async () => {
    const card = await form(per);
    expect(fieldValue(card, 'teacherId')).toBe(per.userId); // a faglærer registers about their own teaching
    // Per also works at Nordberg, where he is kontaktlærer: he can register there instead.
    const nordberg = await bot.act(per, 'tc.start', { ...findVerb(card, 'Bytt skole').data, switchSchool: 'nordberg' });
    expect(cardText(nordberg)).toContain('Nordberg skole (demo)');
    expect(cardText(nordberg)).toContain('5B');
    expect(cardText(nordberg)).not.toContain('8A');
    const back = await bot.act(per, 'tc.submit', { ...findVerb(card, 'Registrer klagen').data, ...complaint({ teacherId: kari.userId }) });
    // Seed 001 §1: «Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kollegaer. Foreldre og
    // elever skal bes om å henvende seg direkte til den det gjelder».
    expect(cardText(back)).toContain('Du kan registrere en klage på din egen undervisning. Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger: be dem henvende seg direkte til faglæreren det gjelder');
    expect(fieldValue(back, 'description')).toBe('Gjennomgangen går for fort for mange');
    // Seed 000 lets «læreren som har faget» take the first conversation: that is the teacher concerned, not a
    // colleague. Neither seed gives the kontaktlærer a part, so Kari (kontaktlærer for 8A) cannot register a
    // complaint about Per's teaching in her own class; her form offers only her own teaching.
    const karis = await form(kari);
    expect(fieldValue(karis, 'teacherId')).toBe(kari.userId);
    const redirected = await bot.act(kari, 'tc.submit', { ...findVerb(karis, 'Registrer klagen').data, ...complaint() });
    expect(cardText(redirected)).toContain('Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger');
    expect(cardText(redirected)).not.toMatch(/KL-\d{4}-\d{4}/);

    const routine = await bot.act(sara, 'complaint.choose', { about: 'undervisning' });
    expect(cardText(routine)).toContain('Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger. Be elevene ta klagen opp med læreren som har faget. Fører ikke det fram, registreres den skriftlige klagen av avdelingsleder eller rektor.');
    expect(buttons(routine)).toEqual([]);
    expect(cardText(await bot.act(emma, 'complaint.choose', { about: 'undervisning' }))).toContain('Meld fra er for ansatte ved skolen');
    // Minutes and pupils' names stay out of channels.
    expect((await bot.texts({ ...kari, conversationId: '19:x@thread.tacv2', conversationType: 'channel' }, 'klage'))[0]).toContain('bare i den personlige chatten');
  });

  it('stage 1: the faglærer records the conversation, then the complaint goes on to the tillitselev meeting', async () => {
    const minutesForm = await bot.act(per, 'tc.minutes.samtale_faglaerer', data);
    expect(cardText(minutesForm)).toContain('I denne samtalen bør eleven/elevene beskrive så konkret som mulig hva som oppleves som vanskelig.');
    expect(fieldValue(minutesForm, 'date')).toBe('2026-11-02');
    const save = findVerb(minutesForm, 'Lagre').data;
    const missing = await bot.act(per, 'tc.minutes.save', { ...save, date: '2026-11-02', staffIds: per.userId, pupils: '', notes: 'For høyt tempo i gjennomgangen' });
    expect(cardText(missing)).toContain('Skriv navnet på minst én tillitselev.');
    expect(fieldValue(missing, 'notes')).toBe('For høyt tempo i gjennomgangen');
    const saved = await bot.act(per, 'tc.minutes.save', { ...save, date: '2026-11-02', staffIds: per.userId, pupils: 'Ola Nordmann', notes: 'For høyt tempo i gjennomgangen' });
    expect(cardText(saved)).toContain('Referatet er lagret.');
    expect(cardText(saved)).toContain('Vanskelig for elevene: For høyt tempo i gjennomgangen');
    expect(buttons(saved)).toContain('Gå videre til møte med tillitselev');
    // The same «Lagre» again makes no second version.
    const again = await bot.act(per, 'tc.minutes.save', { ...save, date: '2026-11-02', staffIds: per.userId, pupils: 'Ola Nordmann', notes: 'For høyt tempo i gjennomgangen' });
    expect(cardText(again)).not.toContain('Endret versjon');
    const go = findVerb(saved, 'Gå videre til møte med tillitselev');
    const next = await bot.act(per, go.verb, go.data);
    expect(cardText(next)).toContain('Trinn 2 av 5: Møte med faglærer og tillitselev');
    expect(cardText(next)).toContain('Utgangspunkt for samtalen: Hva kan gjøres fra begge parter for å bedre forholdene?');
    // A second click on the same button finds the complaint moved on: nothing changes, nothing is refused.
    const twice = await bot.act(per, go.verb, go.data);
    expect(cardText(twice)).toContain('Trinn 2 av 5');
    expect(twice.body.some((b: { style?: string }) => b.style === 'attention')).toBe(false);
    expect(app.logs.filter((l) => l.includes('"action":"trinn_videre"'))).toHaveLength(1);
  });

  it('stage 2: the minutes with an agreed period; the follow-up three weeks on is shown; each staff participant approves, once, and confirms the pupils’ signatures', async () => {
    at('2026-11-10T12:00:00Z');
    const minutesForm = await bot.act(per, 'tc.minutes.mote_tillitselev', data);
    const save = findVerb(minutesForm, 'Lagre').data;
    const typed = { date: '2026-11-10', staffIds: `${per.userId},${kari.userId}`, pupils: 'Ola Nordmann\nAmina Ali', notes: 'Tempo og lekser', agreed: 'Mer repetisjon hver fredag' };
    const late = await bot.act(per, 'tc.minutes.save', { ...save, ...typed, periodEnd: '2026-12-15' });
    expect(cardText(late)).toContain('Fristen må være senest på dagen for oppfølgingsmøtet, tre uker etter møtet.');
    expect(fieldValue(late, 'agreed')).toBe('Mer repetisjon hver fredag');
    // The calendar is down when the minutes are saved: the card says the meeting waits for it.
    calendar.down = true;
    const saved = await bot.act(per, 'tc.minutes.save', { ...save, ...typed, periodEnd: '2026-12-01' });
    expect(cardText(saved)).toContain('Oppfølgingsmøte i kalenderen\ntir. 1.12.2026 kl. 14.00: settes i kalenderen så snart kalenderen svarer.');
    await app.teachingComplaints.sweep();
    expect(cardText(await bot.act(per, 'tc.refresh', data))).toContain('settes i kalenderen så snart kalenderen svarer.');
    // The calendar answers again: the hourly sweep books it, once.
    calendar.down = false;
    await app.teachingComplaints.sweep();
    await app.teachingComplaints.sweep();
    const bookedCard = await bot.act(per, 'tc.refresh', data);
    const booked = cardText(bookedCard);
    expect(booked).toContain('Oppfølgingsmøte i kalenderen\ntir. 1.12.2026 kl. 14.00–14.45. Faglæreren tar med tillitseleven(e).');
    expect(urlOf(bookedCard, 'Legg til i kalenderen (.ics)')).toContain('.ics?sig=');
    // Saving the minutes again (a retried click) makes no second event.
    const retried = await bot.act(per, 'tc.minutes.save', { ...save, ...typed, periodEnd: '2026-12-01' });
    expect(cardText(retried)).toContain('tir. 1.12.2026 kl. 14.00–14.45.');
    expect(await perBusy()).toEqual([{ start: '2026-12-01T13:00:00.000Z', end: '2026-12-01T13:45:00.000Z' }]);
    const link = urlOf(retried, 'Legg til i kalenderen (.ics)');
    expect(link).toMatch(/^http/);
    const ics = await (await fetch(link!)).text();
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain('Oppfølgingsmøte');
    for (const secret of ['Ola', 'Amina', 'Tempo']) expect(ics).not.toContain(secret);
    const s = cardText(saved);
    expect(s).toContain('Oppfølgingsmøtet er tir. 1.12.2026, tre uker etter møtet.');
    expect(s).toContain('Frist\ntir. 1.12.2026: oppfølgingsmøtet (nytt møte etter tre uker)');
    expect(s).toContain('Frist for forandringer: tir. 1.12.2026');
    expect(s).toContain('Mangler godkjenning fra: Per Hansen, Kari Nordmann, Ola Nordmann, Amina Ali');
    expect(buttons(saved)).toEqual(expect.arrayContaining(['Godkjenn referat', 'Bekreft elevenes underskrift', 'Registrer oppfølgingsmøtet']));
    expect(saved.refresh.userIds).toEqual(expect.arrayContaining([kari.userId, per.userId, lars.userId]));

    // The other staff participant gets the minutes to approve in her chat.
    const hers = last(kari)!;
    expect(cardText(hers)).toContain(`Per Hansen har registrert referatet fra møtet med tillitseleven i klagen ${ref}.`);
    expect(cardText(hers)).toContain('Tempo og lekser');
    const approve = findVerb(hers, 'Godkjenn referat');
    expect(approve.verb).toBe('tc.approve');

    // Only participants approve: the leader was not there; another leader does not find it.
    expect(cardText(await bot.act(lars, 'tc.approve', approve.data))).toContain('Du har ikke rollen');
    expect(cardText(await bot.act(mona, 'tc.approve', approve.data))).toContain('Fant ikke saken');

    const first = await bot.act(kari, 'tc.approve', approve.data);
    expect(cardText(first)).toContain('Du har godkjent referatet.');
    expect(buttons(first)).not.toContain('Godkjenn referat');
    const second = await bot.act(kari, 'tc.approve', approve.data);
    expect(cardText(second)).toContain('Du har allerede godkjent referatet. Ingenting er endret.');
    expect(cardText(second)).toContain('Godkjent av: Kari Nordmann\n');
    expect(app.logs.filter((l) => l.includes('"action":"referat_godkjent"'))).toHaveLength(1);

    await bot.act(per, 'tc.approve', findVerb(saved, 'Godkjenn referat').data);
    const pupils = await bot.act(per, 'tc.pupils.open', data);
    expect(cardText(pupils)).toContain('Elevene skriver under på referatet på papir.');
    const none = await bot.act(per, 'tc.pupils.save', { ...findVerb(pupils, 'Lagre').data, pupils: '' });
    expect(cardText(none)).toContain('Må fylles ut.');
    const signed = await bot.act(per, 'tc.pupils.save', { ...findVerb(pupils, 'Lagre').data, pupils: 'Ola Nordmann,Amina Ali' });
    expect(cardText(signed)).toContain('Godkjent av alle møtedeltakerne.');
    expect(cardText(signed)).toContain('Neste steg: Nytt møte settes opp etter tre uker: oppfølgingsmøtet er tir. 1.12.2026.');
  });

  it('the complaint cannot go to the leader before the follow-up meeting is held: a clear refusal, nothing changed', async () => {
    const card = await bot.act(lars, 'tc.refresh', data);
    expect(buttons(card)).toContain('Registrer skriftlig klage');
    const refused = await bot.act(lars, 'tc.escalate.open', data);
    expect(cardText(refused)).toContain('Klagen kan ikke gå videre til leder før oppfølgingsmøtet (tir. 1.12.2026) er holdt og registrert.');
    expect(cardText(refused)).toContain('Trinn 2 av 5');
    // Not even with a forged save.
    const forged = await bot.act(lars, 'tc.escalate.save', { ...data, text: 'Klage', reason: 'Fordi', skipReason: 'Vil hoppe over' });
    expect(cardText(forged)).toContain('før oppfølgingsmøtet (tir. 1.12.2026) er holdt');
    expect(fieldValue(forged, 'text')).toBe('Klage');
    // The teacher may not take it to the leader at all.
    expect(cardText(await bot.act(per, 'tc.escalate.open', data))).toContain('Du har ikke rollen');
  });

  it('the follow-up meeting is reminded from the school day before, once per person, without pupils’ names', async () => {
    at('2026-11-20T09:00:00Z');
    expect((await app.teachingComplaints.sweep()).sent).toBe(0);
    at('2026-11-30T09:00:00Z');
    const before = connector.sent.length;
    expect((await app.teachingComplaints.sweep()).sent).toBe(3); // the faglærer, the kontaktlærer (both took part) and the leader
    expect((await app.teachingComplaints.sweep()).sent).toBe(0);
    const reminders = connector.sent.slice(before).map((x) => cardText(x.activity.attachments?.[0]?.content));
    expect(reminders).toHaveLength(3);
    for (const r of reminders) {
      expect(r).toContain(`Oppfølgingsmøtet i klagen ${ref} (Matematikk, 8A) skal holdes tir. 1.12.2026`);
      for (const secret of ['Ola', 'Amina', 'Tempo og lekser', 'repetisjon']) expect(r).not.toContain(secret);
    }
    expect(buttons(last(lars))).toEqual(['Åpne klagen']);
  });

  it('stage 2 → 3 → 4: no improvement after the period, the leader gets a card and records the written complaint with the reason; the teacher is told', async () => {
    at('2026-12-01T13:00:00Z');
    const form = await bot.act(per, 'tc.followup.open', data);
    const save = findVerb(form, 'Lagre').data;
    const future = await bot.act(per, 'tc.followup.save', { ...save, heldOn: '2026-12-02', outcome: 'ikke_bedret', note: 'Fortsatt for høyt tempo' });
    expect(cardText(future)).toContain('Datoen kan ikke være fram i tid.');
    expect(fieldValue(future, 'note')).toBe('Fortsatt for høyt tempo');
    const held = await bot.act(per, 'tc.followup.save', { ...save, heldOn: '2026-12-01', outcome: 'ikke_bedret', note: 'Fortsatt for høyt tempo' });
    expect(cardText(held)).toContain('Oppfølgingsmøtet er registrert.');
    expect(cardText(held)).toContain('Forholdene har ikke bedret seg. Elev/tillitselev utformer skriftlig klage på opplæringen og leverer den til Lars Eide');

    const his = last(lars)!;
    expect(cardText(his)).toContain(`Oppfølgingsmøtet i klagen ${ref} viste at forholdene ikke har bedret seg`);
    const escalate = await bot.act(lars, 'tc.escalate.open', findVerb(his, 'Registrer skriftlig klage').data);
    expect(cardText(escalate)).toContain('Referater som legges ved: Samtale med faglærer (man. 2.11.2026), Møte med faglærer og tillitselev (tir. 10.11.2026)');
    const noReason = await bot.act(lars, 'tc.escalate.save', { ...findVerb(escalate, 'Lagre').data, text: 'Vi klager på opplæringen i matematikk.', reason: '' });
    expect(cardText(noReason)).toContain('Må fylles ut.');
    expect(fieldValue(noReason, 'text')).toBe('Vi klager på opplæringen i matematikk.');
    const received = await bot.act(lars, 'tc.escalate.save', { ...findVerb(escalate, 'Lagre').data, text: 'Vi klager på opplæringen i matematikk.', reason: 'Ikke bedre etter avtalt periode' });
    expect(cardText(received)).toContain('Den skriftlige klagen er registrert, med referatene vedlagt.');
    expect(cardText(received)).toContain('Trinn 3 av 5: Skriftlig klage til leder');
    expect(cardText(received)).toContain('Hvorfor den legges fram for leder\nIkke bedre etter avtalt periode');

    const informed = await bot.act(lars, 'tc.next', findVerb(received, 'Orienter faglæreren').data);
    expect(cardText(informed)).toContain('Trinn 4 av 5: Oppfølging av leder');
    expect(cardText(last(per))).toContain('Lars Eide har mottatt en skriftlig klage på undervisningen i Matematikk (8A) og vil invitere deg til en samtale.');
  });

  it('stage 4: separate talks first, then the joint meeting; the leader hands it to rektor, who resolves it with a note', async () => {
    at('2026-12-10T09:00:00Z');
    expect(cardText(await bot.act(lars, 'tc.minutes.felles_mote', data))).toContain('Det felles møtet kommer etter lederens separate samtaler med tillitseleven og faglæreren. Ingenting er endret.');
    expect(cardText(await bot.act(lars, 'tc.rektor.open', data))).toContain('Referatet fra «Leders samtale med tillitselev» er ikke registrert ennå.');
    // Stage 4 is the leader's: the teacher and rektor do not record it.
    expect(cardText(await bot.act(per, 'tc.minutes.samtale_tillitselev', data))).toContain('Du har ikke rollen');

    const record = async (kind: string, typed: Record<string, string>) => {
      const f = await bot.act(lars, `tc.minutes.${kind}`, data);
      return bot.act(lars, 'tc.minutes.save', { ...findVerb(f, 'Lagre').data, date: '2026-12-08', ...typed });
    };
    const together = await record('samtale_tillitselev', { staffIds: `${lars.userId},${per.userId}`, pupils: 'Ola Nordmann', notes: 'Elevenes syn' });
    expect(cardText(together)).toContain('Faglæreren skal ikke være med i lederens samtale med tillitseleven.');
    await record('samtale_tillitselev', { staffIds: lars.userId, pupils: 'Ola Nordmann', notes: 'Elevenes syn' });
    await record('samtale_faglaerer_leder', { staffIds: `${lars.userId},${per.userId}`, notes: 'Lærerens syn' });
    const joint = await record('felles_mote', { staffIds: `${lars.userId},${per.userId}`, pupils: 'Ola Nordmann', proposals: 'Ukeplan; ekstra time', agreed: 'Ukeplan med repetisjon' });
    expect(cardText(joint)).toContain('Forslag til løsninger: Ukeplan; ekstra time');
    expect(cardText(joint)).toContain('Er saken løst, avslutt klagen. Løses den ikke, behandles den av rektor');

    const toRektor = await bot.act(lars, 'tc.rektor.open', data);
    const sent = await bot.act(lars, 'tc.rektor.save', { ...findVerb(toRektor, 'Lagre').data, note: 'Ikke enighet om tempoet' });
    expect(cardText(sent)).toContain('Klagen er sendt til rektor.');
    expect(cardText(sent)).toContain('Trinn 5 av 5: Behandles av rektor');
    expect(buttons(sent)).toEqual([]);

    const hers = last(rektor)!;
    expect(cardText(hers)).toContain(`Lars Eide har sendt klagen ${ref} til deg.`);
    expect(cardText(hers)).toContain('Ukeplan; ekstra time');
    expect(buttons(hers)).toEqual(['Avslutt klagen']);
    // Only rektor closes it at stage 5.
    expect(cardText(await bot.act(lars, 'tc.resolve.open', data))).toContain('Du har ikke rollen');
    const resolveForm = await bot.act(rektor, 'tc.resolve.open', findVerb(hers, 'Avslutt klagen').data);
    expect(cardText(resolveForm)).toContain('Rektor behandler saken ut fra referatene og løsningsforslagene.');
    const empty = await bot.act(rektor, 'tc.resolve.save', { ...findVerb(resolveForm, 'Lagre').data, note: '' });
    expect(cardText(empty)).toContain('Må fylles ut.');
    const closed = await bot.act(rektor, 'tc.resolve.save', { ...findVerb(resolveForm, 'Lagre').data, note: 'Ukeplanen videreføres; ny vurdering etter jul.' });
    expect(cardText(closed)).toContain('Klagen er avsluttet.');
    expect(cardText(closed)).toContain('Ragnhild Berg på trinn 5: Ukeplanen videreføres; ny vurdering etter jul.');
    expect(buttons(closed)).toEqual([]);
    for (const who of [per, lars]) expect(cardText(last(who))).toContain(`Klagen ${ref} er avsluttet av Ragnhild Berg.`);
    // Nothing more happens to a closed complaint.
    expect(cardText(await bot.act(rektor, 'tc.resolve.save', { ...data, note: 'Igjen' }))).toContain('Saken er avsluttet. Ingenting er endret.');
  });

  it('a stage is skipped only with a reason, and the reason is recorded', async () => {
    at('2026-12-11T09:00:00Z');
    const card = await register(lars, { subject: 'Naturfag', description: 'Uklare vurderingskriterier' });
    const d = ids(await bot.act(lars, 'tc.resolve.open', findVerb(card, 'Avslutt klagen').data));
    naturfag = { data: d, ref: refOf(card) };
    // The leader records a written complaint delivered straight to him, skipping the tillitselev meeting.
    const escalate = await bot.act(lars, 'tc.escalate.open', d);
    expect(cardText(escalate)).toContain('Møtet med tillitselev er ikke holdt. Hvorfor hoppes det over?');
    const typed = { text: 'Skriftlig klage på naturfag', reason: 'Elevene vil ikke møte læreren alene' };
    const noReason = await bot.act(lars, 'tc.escalate.save', { ...findVerb(escalate, 'Lagre').data, ...typed, skipReason: '' });
    expect(cardText(noReason)).toContain('Et trinn i rutinen kan bare hoppes over med en begrunnelse. Skriv hvorfor. Ingenting er endret.');
    expect(fieldValue(noReason, 'text')).toBe('Skriftlig klage på naturfag');
    expect(cardText(await bot.act(lars, 'tc.refresh', d))).toContain('Trinn 1 av 5');
    const skipped = await bot.act(lars, 'tc.escalate.save', { ...findVerb(escalate, 'Lagre').data, ...typed, skipReason: 'Levert direkte til leder' });
    expect(cardText(skipped)).toContain('Trinn 3 av 5');
    expect(cardText(skipped)).toMatch(/Trinn hoppet over\nFra trinn 1 til 3 \(Lars Eide, 11\.12\.2026\): Levert direkte til leder/);
  });

  it("another school's staff and staff with no part in it do not find the complaint", async () => {
    for (const who of [sara, mona, eva]) {
      expect(cardText(await bot.act(who, 'tc.refresh', data))).toContain('Fant ikke saken');
      expect(cardText(await bot.act(who, 'tc.minutes.samtale_faglaerer', data))).toContain('Fant ikke saken');
      expect(cardText((await bot.say(who, `sak ${ref}`))[0])).toContain('Fant ikke saken');
    }
    expect(cardText(await bot.act(eva, 'tc.refresh', { ...data, schoolId: 'nordberg' }))).toContain('Fant ikke saken');
  });

  it('the log holds no minutes text and no pupils’ names', async () => {
    const all = app.logs.join('\n');
    expect(all).toContain('teaching complaint changed');
    for (const secret of ['Ola', 'Amina', 'Tempo og lekser', 'repetisjon', 'Gjennomgangen', 'For høyt tempo', 'Fortsatt for høyt', 'Vi klager', 'Ikke bedre etter', 'Elevenes syn', 'Lærerens syn', 'Ukeplan', 'Levert direkte', 'Uklare vurderingskriterier', 'Matematikk'])
      expect(all).not.toContain(secret);
  });

  it('speaks nynorsk to those who choose it', async () => {
    const [choice] = await bot.say({ ...kari, locale: 'nn-NO' }, 'klage');
    const card = await bot.act({ ...kari, locale: 'nn-NO' }, 'complaint.choose', { ...findVerb(choice, 'Gå vidare').data, about: 'undervisning' });
    expect(cardText(card)).toContain('Registrer klaga her, så følgjer Meld frå ho steg for steg.');
    const refused = await bot.act({ ...lars, locale: 'nn-NO' }, 'tc.minutes.felles_mote', data);
    expect(cardText(refused)).toContain('Ingenting er endra.');
  });

  it('each stage’s deadline is on the card; the one who must act is reminded from the school day before, once, even when two sweeps run at once', async () => {
    // The Naturfag complaint was received by the leader Friday 11 December: he tells the teacher within two school days.
    at('2026-12-14T09:00:00Z');
    const card = await bot.act(lars, 'tc.refresh', naturfag.data);
    expect(cardText(card)).toContain('Frist\ntir. 15.12.2026: leder orienterer faglæreren. Rutinen sier ikke hvor lenge; Meld fra bruker 2 skoledager.');
    const before = connector.cardsFor(lars.userId).length;
    const [a, b] = await Promise.all([app.teachingComplaints.sweep(), app.teachingComplaints.sweep()]);
    expect(a.sent + b.sent).toBe(1);
    expect((await app.teachingComplaints.sweep()).sent).toBe(0);
    const reminders = connector.cardsFor(lars.userId).slice(before);
    expect(reminders).toHaveLength(1);
    expect(cardText(reminders[0])).toContain(`Påminnelse: frist i klage ${naturfag.ref}`);
    expect(cardText(reminders[0])).toContain(`Den skriftlige klagen ${naturfag.ref} (Naturfag, 8A) er mottatt. Orienter faglæreren innen tir. 15.12.2026`);
    expect(cardText(reminders[0])).not.toContain('Skriftlig klage på naturfag');
    expect(buttons(reminders[0])).toEqual(['Åpne klagen']);
    // Done: stage 4 has its own deadline, two school weeks on (the Christmas break does not count), and nothing is due now.
    const informed = await bot.act(lars, 'tc.next', findVerb(card, 'Orienter faglæreren').data);
    expect(cardText(informed)).toContain('Frist\nman. 11.1.2027: leders separate samtaler og felles samtale.');
    expect((await app.teachingComplaints.sweep()).sent).toBe(0);
  });

  it('the conversation with the faglærer is reminded on the school day before its deadline, over the Christmas break, and not once its minutes are recorded', async () => {
    at('2026-12-14T10:00:00Z');
    const x = await register(lars, { subject: 'Engelsk', description: 'Uklare oppgaver' });
    const y = await register(lars, { subject: 'Tysk', description: 'Mange prøver' });
    expect(cardText(x)).toContain('Frist\nman. 4.1.2027: samtale med faglærer. Rutinen sier ikke hvor lenge; Meld fra bruker 5 skoledager.');
    const yData = ids(await bot.act(lars, 'tc.resolve.open', findVerb(y, 'Avslutt klagen').data));
    const yForm = await bot.act(per, 'tc.minutes.samtale_faglaerer', yData);
    const held = await bot.act(per, 'tc.minutes.save', { ...findVerb(yForm, 'Lagre').data, date: '2026-12-14', staffIds: per.userId, pupils: 'Ola Nordmann', notes: 'Mange prøver samme uke' });
    expect(cardText(held)).not.toContain('Frist\n');
    const reminded = () => connector.cardsFor(per.userId).map(cardText).filter((t) => t.startsWith('Påminnelse'));
    const before = reminded().length;
    at('2026-12-17T09:00:00Z');
    await app.teachingComplaints.sweep();
    expect(reminded().slice(before)).toEqual([]);
    at('2026-12-18T09:00:00Z'); // the last school day before the break
    await app.teachingComplaints.sweep();
    await app.teachingComplaints.sweep();
    const sent = reminded().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(`Samtalen med faglæreren i klagen ${refOf(x)} (Engelsk, 8A) bør holdes innen man. 4.1.2027.`);
    expect(sent[0]).not.toContain('Uklare oppgaver');
  });

  it('«Flytt oppfølgingsmøtet»: a school day after the agreed period; the same calendar event moves and the invitees see the new time', async () => {
    at('2027-01-04T09:00:00Z');
    const card = await register(lars, { subject: 'Samfunnsfag', description: 'Lite variasjon' });
    moving = { data: ids(await bot.act(lars, 'tc.resolve.open', findVerb(card, 'Avslutt klagen').data)), ref: refOf(card) };
    const f1 = await bot.act(per, 'tc.minutes.samtale_faglaerer', moving.data);
    const s1 = await bot.act(per, 'tc.minutes.save', { ...findVerb(f1, 'Lagre').data, date: '2027-01-04', staffIds: per.userId, pupils: 'Ola Nordmann', notes: 'Lite variasjon i timene' });
    const go = findVerb(s1, 'Gå videre til møte med tillitselev');
    await bot.act(per, go.verb, go.data);
    at('2027-01-05T09:00:00Z');
    const f2 = await bot.act(per, 'tc.minutes.mote_tillitselev', moving.data);
    const saved = await bot.act(per, 'tc.minutes.save', { ...findVerb(f2, 'Lagre').data, date: '2027-01-05', staffIds: `${per.userId},${kari.userId}`, pupils: 'Ola Nordmann', notes: 'Variasjon', agreed: 'Mer gruppearbeid', periodEnd: '2027-01-20' });
    expect(cardText(saved)).toContain('Oppfølgingsmøte i kalenderen\ntir. 26.1.2027 kl. 14.00–14.45.');
    expect(cardText(saved)).toContain('Frist\ntir. 26.1.2027: oppfølgingsmøtet (nytt møte etter tre uker)');
    expect(buttons(saved)).toContain('Flytt oppfølgingsmøtet');
    await app.teachingComplaints.sweep();
    expect(await busyOf(per, '2027-01-26')).toHaveLength(1);

    const form = await bot.act(lars, 'tc.followup.move.open', moving.data);
    expect(cardText(form)).toContain('Oppfølgingsmøtet er nå tir. 26.1.2027 kl. 14.00. Velg en annen skoledag.');
    expect(fieldValue(form, 'date')).toBe('2027-01-26');
    const save = findVerb(form, 'Lagre').data;
    expect(cardText(await bot.act(lars, 'tc.followup.move.save', { ...save, date: '2027-01-23' }))).toContain('Velg en skoledag (ikke helg, helligdag eller ferie).');
    const early = await bot.act(lars, 'tc.followup.move.save', { ...save, date: '2027-01-19' });
    expect(cardText(early)).toContain('Oppfølgingsmøtet skal være etter den avtalte perioden for forandringer.');
    expect(fieldValue(early, 'date')).toBe('2027-01-19');
    expect(cardText(await bot.act(lars, 'tc.followup.move.save', { ...save, date: '' }))).toContain('Må fylles ut.');
    // Someone with no part in it cannot move it.
    expect(cardText(await bot.act(mona, 'tc.followup.move.save', { ...save, date: '2027-01-28' }))).toContain('Fant ikke saken');
    // A forged payload: an oversized date, or another school's id.
    expect(cardText(await bot.act(lars, 'tc.followup.move.save', { ...save, date: '2'.repeat(500) }))).toContain('Noe i skjemaet var ugyldig, så ingenting er endret.');
    expect(cardText(await bot.act(lars, 'tc.followup.move.save', { ...save, schoolId: 'nordberg', date: '2027-01-28' }))).toContain('Fant ikke saken');
    expect(await busyOf(per, '2027-01-26')).toHaveLength(1);

    const count = (who: { userId: string }) => connector.cardsFor(who.userId).length;
    const before = { per: count(per), kari: count(kari), lars: count(lars) };
    const moved = await bot.act(lars, 'tc.followup.move.save', { ...save, date: '2027-01-28' });
    await app.teachingComplaints.sweep();
    expect(cardText(moved)).toContain('Oppfølgingsmøtet er flyttet til tor. 28.1.2027.');
    expect(cardText(moved)).toContain('Oppfølgingsmøte i kalenderen\ntor. 28.1.2027 kl. 14.00–14.45.');
    expect(cardText(moved)).toContain('Frist\ntor. 28.1.2027: oppfølgingsmøtet (flyttet)');
    // One event, moved: not a second one.
    expect(await busyOf(per, '2027-01-26')).toEqual([]);
    expect(await busyOf(per, '2027-01-28')).toEqual([{ start: '2027-01-28T13:00:00.000Z', end: '2027-01-28T13:45:00.000Z' }]);
    const ics = await (await fetch(urlOf(moved, 'Legg til i kalenderen (.ics)')!)).text();
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toMatch(/DTSTART[^:\r\n]*:20270128T130000Z/);
    // The invitees see the new time, once; the leader who moved it is not told.
    for (const who of [per, kari]) {
      const told = connector.cardsFor(who.userId).slice(before[who === per ? 'per' : 'kari']).map(cardText).filter((t) => t.includes('har flyttet oppfølgingsmøtet'));
      expect(told).toHaveLength(1);
      expect(told[0]).toContain(`Lars Eide har flyttet oppfølgingsmøtet i klagen ${moving.ref} (Samfunnsfag, 8A) til tor. 28.1.2027 kl. 14.00.`);
    }
    expect(count(lars)).toBe(before.lars);
    // The same day again changes nothing.
    expect(cardText(await bot.act(lars, 'tc.followup.move.save', { ...save, date: '2027-01-28' }))).toContain('Oppfølgingsmøtet er allerede tor. 28.1.2027. Ingenting er endret.');
    // The moved day is the deadline the reminders follow.
    const remindersOfIt = () => connector.sent.map((x) => cardText(x.activity.attachments?.[0]?.content)).filter((t) => t.startsWith(`Påminnelse: oppfølgingsmøte i klage ${moving.ref}`));
    at('2027-01-26T09:00:00Z');
    await app.teachingComplaints.sweep();
    expect(remindersOfIt()).toEqual([]);
    at('2027-01-27T09:00:00Z');
    await app.teachingComplaints.sweep();
    expect(remindersOfIt()).toHaveLength(3); // the faglærer, the kontaktlærer and the leader
    expect(remindersOfIt()[0]).toContain('skal holdes tor. 28.1.2027');
  });

  it('closed at stage 2 before the follow-up, the booked meeting is cancelled once (the sweep retries while the calendar is down) and the invitees are told', async () => {
    at('2027-01-27T10:00:00Z');
    calendar.down = true;
    const form = await bot.act(lars, 'tc.resolve.open', moving.data);
    const closed = await bot.act(lars, 'tc.resolve.save', { ...findVerb(form, 'Lagre').data, note: 'Elevene trekker klagen' });
    expect(cardText(closed)).toContain('Klagen er avsluttet.');
    expect(cardText(closed)).toContain('Oppfølgingsmøte i kalenderen\ntor. 28.1.2027 kl. 14.00: avlyses i kalenderen så snart kalenderen svarer.');
    await app.teachingComplaints.sweep();
    expect(await busyOf(per, '2027-01-28')).toHaveLength(1);

    calendar.down = false;
    const count = (who: { userId: string }) => connector.cardsFor(who.userId).length;
    const before = { per: count(per), kari: count(kari), lars: count(lars) };
    await Promise.all([app.teachingComplaints.sweep(), app.teachingComplaints.sweep()]);
    await app.teachingComplaints.sweep();
    expect(await busyOf(per, '2027-01-28')).toEqual([]);
    const told = (who: { userId: string }, from: number) => connector.cardsFor(who.userId).slice(from).map(cardText).filter((t) => t.includes('er avlyst og tatt ut av kalenderen'));
    expect(told(per, before.per)).toHaveLength(1);
    expect(told(per, before.per)[0]).toContain(`Oppfølgingsmøtet tor. 28.1.2027 kl. 14.00 i klagen ${moving.ref} (Samfunnsfag, 8A) er avlyst og tatt ut av kalenderen.`);
    expect(told(kari, before.kari)).toHaveLength(1); // she took part in the meeting with the tillitselev
    expect(told(lars, before.lars)).toHaveLength(0); // he closed it

    const card = await bot.act(kari, 'tc.refresh', moving.data);
    expect(cardText(card)).toContain('Oppfølgingsmøte i kalenderen\ntor. 28.1.2027 kl. 14.00 er avlyst.');
    const ics = await (await fetch(urlOf(card, 'Oppdater kalenderen (.ics)')!)).text();
    expect(ics).toContain('METHOD:CANCEL');
    // No deadline and no reminder for a closed complaint.
    expect(cardText(card)).not.toContain('Frist\n');
    expect((await app.teachingComplaints.sweep()).sent).toBe(0);
  });

  it('the log holds no minutes text and no pupils’ names after moves and cancellations either', async () => {
    const all = app.logs.join('\n');
    expect(all).toContain('follow-up meeting booked');
    for (const secret of ['Ola', 'Samfunnsfag', 'Lite variasjon', 'Mer gruppearbeid', 'Elevene trekker', 'Uklare oppgaver', 'Mange prøver', 'Engelsk']) expect(all).not.toContain(secret);
  });
});

/**
 * The same follow-up meeting in Outlook: CALENDAR=graph against a local Graph server, with the
 * real Graph client (its retry middleware included).
 */
// Seed 000, «Oppfølging av leder»: «Leder … orienterer lærer om at klage er mottatt». Every notice goes through the
// outbox: the teacher counts as told when the notice reached him, and one that failed is sent again.
describe('klage på opplæring: notices through the outbox', () => {
  it('Leder orienterer lærer om at klage er mottatt: a failed notice is not «orientert»; the outbox sends it again and only then is it recorded', async () => {
    at('2027-02-01T09:00:00Z');
    await bot.say(per, 'hjelp'); // Per's personal chat with the bot
    const card = await register(lars, { subject: 'Musikk', description: 'For lite øving' });
    const d = ids(await bot.act(lars, 'tc.resolve.open', findVerb(card, 'Avslutt klagen').data));
    const escalate = await bot.act(lars, 'tc.escalate.open', d);
    const written = await bot.act(lars, 'tc.escalate.save', { ...findVerb(escalate, 'Lagre').data, text: 'Skriftlig klage på musikk', reason: 'Ingen bedring', skipReason: 'Levert direkte til leder' });
    const ref = refOf(written);
    const perBefore = connector.cardsFor(per.userId).length;
    connector.failConversation(`a:conv-${per.userId}`, 500, 4); // botbuilder tries a 5xx four times
    const moved = await bot.act(lars, 'tc.next', findVerb(written, 'Orienter faglæreren').data);
    expect(cardText(moved)).toContain('Trinn 4 av 5');
    expect(cardText(moved)).not.toContain('Faglærer orientert');
    expect(connector.cardsFor(per.userId)).toHaveLength(perBefore);

    at('2027-02-01T09:10:00Z');
    await app.outbox.sweep();
    const told = connector.cardsFor(per.userId).slice(perBefore).map(cardText);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(ref);
    expect(cardText(await bot.act(lars, 'tc.refresh', d))).toContain('Faglærer orientert');
    await app.outbox.sweep(); // sent once
    expect(connector.cardsFor(per.userId).slice(perBefore)).toHaveLength(1);
  });
});

describe('klage på opplæring with Outlook (CALENDAR=graph)', () => {
  const gclock = { at: new Date('2027-04-05T09:00:00Z'), now() { return this.at; } };
  const credential: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
  let graph: FakeGraph;
  let gconnector: FakeConnector;
  let gapp: TestApp;
  let gbot: BotClient;

  beforeAll(async () => {
    graph = await new FakeGraph('graph-token').start();
    for (const p of [lars, per, kari]) graph.addUser(p.userId, p.email);
    gconnector = await new FakeConnector().start();
    gapp = await startTestApp({
      connectorUrl: gconnector.url,
      clock: gclock,
      env: { CALENDAR: 'graph', GRAPH_BASE_URL: graph.url },
      options: { graphCredential: credential, graphRetry: { maxRetries: 1, delaySeconds: 0 } },
    });
    gbot = new BotClient(gapp.url, gconnector.url);
  });
  afterAll(async () => {
    await gapp.close();
    await gconnector.stop();
    await graph.stop();
  });

  const sweepUntil = async (done: () => boolean) => {
    for (let i = 0; i < 4 && !done(); i++) await gapp.teachingComplaints.sweep();
  };

  it('the follow-up meeting is created once in Outlook (transactionId), moved, and cancelled; a 503 leaves the job to the sweep and the card says it waits', async () => {
    const [choice] = await gbot.say(lars, 'klage');
    const form = await gbot.act(lars, 'complaint.choose', { ...findVerb(choice, 'Gå videre').data, about: 'undervisning' });
    const card = await gbot.act(lars, 'tc.submit', { ...findVerb(form, 'Registrer klagen').data, ...complaint({ subject: 'Kroppsøving' }) });
    const kref = refOf(card);
    const d = ids(await gbot.act(lars, 'tc.resolve.open', findVerb(card, 'Avslutt klagen').data));
    const f1 = await gbot.act(per, 'tc.minutes.samtale_faglaerer', d);
    const s1 = await gbot.act(per, 'tc.minutes.save', { ...findVerb(f1, 'Lagre').data, date: '2027-04-05', staffIds: per.userId, pupils: 'Ola Nordmann', notes: 'Lite instruksjon' });
    const go = findVerb(s1, 'Gå videre til møte med tillitselev');
    await gbot.act(per, go.verb, go.data);

    // Graph answers 503 (with the client's own retry): the minutes are saved, the card says the meeting waits for the calendar.
    gclock.at = new Date('2027-04-06T09:00:00Z');
    const f2 = await gbot.act(per, 'tc.minutes.mote_tillitselev', d);
    graph.failNext(503, 2);
    const saved = await gbot.act(per, 'tc.minutes.save', { ...findVerb(f2, 'Lagre').data, date: '2027-04-06', staffIds: `${per.userId},${kari.userId}`, pupils: 'Ola Nordmann', notes: 'Instruksjon', agreed: 'Mer veiledning', periodEnd: '2027-04-20' });
    expect(cardText(saved)).toContain('Oppfølgingsmøte i kalenderen\ntir. 27.4.2027 kl. 14.00: settes i kalenderen så snart kalenderen svarer.');
    expect(graph.eventsOf(lars.userId)).toHaveLength(0);

    // The sweep books it: one event in the leader's Outlook, a Teams meeting, created with our meeting id as transactionId.
    await sweepUntil(() => graph.eventsOf(lars.userId).length > 0);
    await gapp.teachingComplaints.sweep();
    const events = [...graph.eventsOf(lars.userId)];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ transactionId: `klage-${d.complaintId}-oppfolging`, isOnlineMeeting: true });
    expect(events[0].start.dateTime).toContain('2027-04-27T12:00:00');
    expect(events[0].attendees.map((a) => a.emailAddress.address).sort()).toEqual([kari.email, per.email].sort());
    expect(JSON.stringify(events[0])).toContain(kref);
    for (const secret of ['Ola', 'Instruksjon', 'veiledning']) expect(JSON.stringify(events[0])).not.toContain(secret);
    const creates = graph.requests.filter((r) => r.method === 'POST' && /\/events$/.test(r.path));
    expect(new Set(creates.map((r) => r.body.transactionId))).toEqual(new Set([`klage-${d.complaintId}-oppfolging`]));
    const booked = await gbot.act(per, 'tc.refresh', d);
    expect(cardText(booked)).toContain('Oppfølgingsmøte i kalenderen\ntir. 27.4.2027 kl. 14.00–14.45.');
    expect(buttons(booked)).toContain('Bli med i Teams-møtet');

    // Moved by the leader: the same event is updated (PATCH), not a second one.
    const moveForm = await gbot.act(lars, 'tc.followup.move.open', d);
    const moved = await gbot.act(lars, 'tc.followup.move.save', { ...findVerb(moveForm, 'Lagre').data, date: '2027-04-29' });
    await sweepUntil(() => graph.eventsOf(lars.userId)[0]?.start.dateTime.includes('2027-04-29') ?? false);
    expect(cardText(moved)).toContain('Oppfølgingsmøtet er flyttet til tor. 29.4.2027.');
    expect(graph.eventsOf(lars.userId)).toHaveLength(1);
    expect(graph.eventsOf(lars.userId)[0].id).toBe(events[0].id);
    expect(graph.eventsOf(lars.userId)[0].start.dateTime).toContain('2027-04-29T12:00:00');
    expect(graph.requests.filter((r) => r.method === 'PATCH' && decodeURIComponent(r.path).endsWith(`/events/${events[0].id}`)).length).toBeGreaterThanOrEqual(1);
    expect(graph.requests.filter((r) => r.method === 'POST' && /\/events$/.test(r.path))).toHaveLength(creates.length);
    expect(cardText(gconnector.cardsFor(per.userId).at(-1))).toContain(`Lars Eide har flyttet oppfølgingsmøtet i klagen ${kref} (Kroppsøving, 8A) til tor. 29.4.2027 kl. 14.00.`);

    // The pupils withdraw it before the follow-up while Graph is down: the card says the cancellation waits; the sweep cancels it once.
    gclock.at = new Date('2027-04-12T09:00:00Z');
    const resolveForm = await gbot.act(lars, 'tc.resolve.open', d);
    graph.failNext(503, 2);
    const closed = await gbot.act(lars, 'tc.resolve.save', { ...findVerb(resolveForm, 'Lagre').data, note: 'Trukket' });
    expect(cardText(closed)).toContain('Oppfølgingsmøte i kalenderen\ntor. 29.4.2027 kl. 14.00: avlyses i kalenderen så snart kalenderen svarer.');
    expect(graph.eventsOf(lars.userId)).toHaveLength(1);
    await sweepUntil(() => graph.cancelled.has(events[0].id));
    await gapp.teachingComplaints.sweep();
    expect(graph.eventsOf(lars.userId)).toHaveLength(0);
    expect(graph.cancelled.get(events[0].id)).toBe(`Avlyst (sak ${kref})`);
    const cancels = graph.requests.filter((r) => r.method === 'POST' && decodeURIComponent(r.path).endsWith(`/events/${events[0].id}/cancel`));
    // The two 503s, then the one Graph carried out; the sweeps after it send none.
    expect(cancels).toHaveLength(3);
    expect(cardText(await gbot.act(kari, 'tc.refresh', d))).toContain('tor. 29.4.2027 kl. 14.00 er avlyst.');
    expect(cardText(gconnector.cardsFor(per.userId).at(-1))).toContain(`Oppfølgingsmøtet tor. 29.4.2027 kl. 14.00 i klagen ${kref} (Kroppsøving, 8A) er avlyst og tatt ut av kalenderen.`);
  });
});
