/**
 * Klage rettet mot personale (seed 001, SPEC §3.3) in Teams, through the real endpoint, Azurite and
 * a local connector: the avdelingsleder registers the complaint from «klage», informs the employee
 * (who gets their own view in their chat), records the talk, the groundless notice and the joint
 * meeting; the employee signs their part, the leader confirms the complainant's paper signature
 * and closes. Others find nothing; forms keep what was typed; logs hold no names or free text.
 * Also: the written complaint recorded later, «Meld fra nå» linked back to the complaint, the
 * employee asked to sign in their chat, and the evaluation meeting booked (through the local
 * calendar behind a switch, to take it down) and reminded once a school day.
 */
import { CalendarSwitch } from '../support/calendar-switch';
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';

const lars = persona('Lars'); // avdelingsleder: receives and registers
const rektor = persona('Ragnhild');
const per = persona('Per'); // the employee the complaint is about
const kari = persona('Kari'); // other staff
const eva = persona('Eva'); // rektor at another school

const clock = { at: new Date('2026-11-02T09:00:00Z'), now() { return this.at; } };

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock, options: { calendarSwitch: calendar.wrap } });
  bot = new BotClient(app.url, connector.url);
  await bot.say(per, 'hei'); // Per has the bot in his personal chat
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

/** The app's calendar (the local one: our store and .ics files) behind a switch, to take it down for a while. */
const calendar = new CalendarSwitch();
const busyOn = (who: { userId: string }, day: string) => calendar.busyOn(who, day);

const fieldValue = (card: unknown, id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];
const refOf = (card: unknown) => /PK-\d{4}-\d{4}/.exec(cardText(card))![0];
const COMPLAINANT = 'Hilde Foresattsen';
const SUMMARY = 'Læreren snakker nedsettende til klassen';

const registration = (o: Record<string, unknown> = {}) => ({
  employeeId: per.userId,
  complainantKind: 'foresatt',
  complainantName: COMPLAINANT,
  route: 'direkte_kontakt_uten_resultat',
  summary: SUMMARY,
  talkedOn: '2026-11-02',
  written: 'mottatt',
  procedureExplained: 'true',
  pupilOffence: 'false',
  ...o,
});

async function form(who = lars) {
  return bot.act(who, 'complaint.choose', { about: 'ansatt' });
}

async function register(o: Record<string, unknown> = {}) {
  const card = await form();
  return bot.act(lars, 'pk.submit', { ...findVerb(card, 'Registrer klagen').data, ...registration(o) });
}

describe('klage rettet mot personale', () => {
  let ref = '';
  let data: Record<string, unknown> = {};

  it('other staff still get the redirect; the avdelingsleder registers: problems are named, what was typed is kept, and the card gives the next step and only the allowed buttons', async () => {
    const redirect = await form(kari);
    expect(cardText(redirect)).toContain('Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger.');
    expect(buttons(redirect)).toEqual([]);

    const card = await form();
    const t = cardText(card);
    for (const label of ['Klagen gjelder', 'Hvem klager', 'Klagerens navn', 'Hvorfor kom klagen til deg', 'Kort om klagen', 'Skriftlig klage', 'Klagen går ut på at en ansatt krenker en elev']) expect(t).toContain(label);
    expect(t).toContain('Per Hansen');
    expect(t).not.toContain('Lars Eide'); // nobody registers a complaint about themselves

    const bad = await bot.act(lars, 'pk.submit', { ...findVerb(card, 'Registrer klagen').data, ...registration({ complainantName: '', procedureExplained: 'false' }) });
    expect(cardText(bad)).toContain('Noe mangler eller er feil. Det du skrev, er tatt vare på.');
    expect(cardText(bad)).toContain('Må fylles ut.');
    expect(fieldValue(bad, 'summary')).toBe(SUMMARY);
    expect(fieldValue(bad, 'employeeId')).toBe(per.userId);

    const saved = await bot.act(lars, 'pk.submit', { ...findVerb(bad, 'Registrer klagen').data, ...registration() });
    ref = refOf(saved);
    expect(ref).toMatch(/^PK-2026-\d{4}$/);
    const s = cardText(saved);
    expect(s).toContain(`Klagen er registrert som ${ref}.`);
    expect(s).toContain('Neste steg: Nærmeste leder informerer umiddelbart den ansatte om mottatt klage.');
    expect(s).toContain(COMPLAINANT);
    expect(s).not.toContain('§ 12-5');
    expect(buttons(saved)).toEqual(['Informer den ansatte']); // nothing else before the employee is informed
    data = findVerb(saved, 'Informer den ansatte').data;
    // A second click on the same form shows the same complaint.
    expect(refOf(await bot.act(lars, 'pk.submit', { ...findVerb(bad, 'Registrer klagen').data, ...registration() }))).toBe(ref);
    // «sak PK-…» finds it again, for the leader and rektor.
    expect(cardText((await bot.say(lars, `sak ${ref}`))[0])).toContain(COMPLAINANT);
    expect(cardText((await bot.say(rektor, `sak ${ref}`))[0])).toContain(COMPLAINANT);
  });

  it('nobody else finds it, and the employee sees nothing before being informed', async () => {
    for (const who of [kari, eva, per]) expect(cardText((await bot.say(who, `sak ${ref}`))[0])).not.toContain(ref);
    for (const who of [kari, eva, per]) expect(cardText(await bot.act(who, 'pk.refresh', data))).not.toContain(SUMMARY);
    expect(cardText(await bot.act(kari, 'pk.inform', data))).not.toContain(SUMMARY);
  });

  it('informing the employee: Per gets his own view in his chat, without the complainant’s name', async () => {
    const before = connector.cardsFor(per.userId).length;
    const card = await bot.act(lars, 'pk.inform', data);
    expect(cardText(card)).toContain('Den ansatte er informert og har fått klagen i sin chat.');
    expect(cardText(card)).toContain('Neste steg: Kall inn den ansatte til samtale. Det anbefales at vedkommende har med seg sin tillitsvalgte.');
    expect(buttons(card)).toEqual(['Samtale med ansatt', 'Avslutt klagen']);
    const sent = connector.cardsFor(per.userId).slice(before);
    expect(sent).toHaveLength(1);
    const mine = cardText(sent[0]);
    expect(mine).toContain('Leder har informert deg om en klage som gjelder deg.');
    expect(mine).toContain(SUMMARY);
    expect(mine).not.toContain(COMPLAINANT);
    expect(buttons(sent[0])).toEqual([]);
    // Per's own view, also when he opens it; he cannot take the leader's steps.
    const own = cardText((await bot.say(per, `sak ${ref}`))[0]);
    expect(own).toContain(SUMMARY);
    expect(own).not.toContain(COMPLAINANT);
    expect(cardText(await bot.act(per, 'pk.talk.open', data))).not.toContain('Den ansattes versjon');
    // A second click informs nobody again.
    await bot.act(lars, 'pk.inform', data);
    expect(connector.cardsFor(per.userId).length).toBe(before + 1);
  });

  it('the employee talk (union rep recorded), the groundless notice, then the joint meeting; a form error keeps what was typed', async () => {
    const talk = await bot.act(lars, 'pk.talk.open', data);
    expect(fieldValue(talk, 'date')).toBe('2026-11-02');
    const save = findVerb(talk, 'Lagre').data;
    const bad = await bot.act(lars, 'pk.talk.save', { ...save, date: '2026-12-24', unionRepPresent: 'true', employeeVersion: 'Jeg kjenner meg ikke igjen', groundless: 'true' });
    expect(cardText(bad)).toContain('Datoen kan ikke være fram i tid.');
    expect(fieldValue(bad, 'employeeVersion')).toBe('Jeg kjenner meg ikke igjen');
    const ok = await bot.act(lars, 'pk.talk.save', { ...save, date: '2026-11-02', unionRepPresent: 'true', employeeVersion: 'Jeg kjenner meg ikke igjen', groundless: 'true' });
    expect(cardText(ok)).toContain('tillitsvalgt til stede: ja, grunnløs etter den ansattes syn: ja');
    expect(cardText(ok)).toContain('Neste steg: Den ansatte mener at klagen er grunnløs: skolens ledelse underretter klageren om dette.');
    expect(buttons(ok)).toEqual(['Klager underrettet', 'Den ansatte avviser', 'Avslutt klagen']); // the employee may reject the complaint once heard
    // The joint meeting is refused in words until the complainant is told.
    expect(cardText(await bot.act(lars, 'pk.meeting.open', data))).toContain('Klageren må underrettes');

    const notify = await bot.act(lars, 'pk.notify.open', data);
    const told = await bot.act(lars, 'pk.notify.save', { ...findVerb(notify, 'Lagre').data, date: '2026-11-02' });
    expect(buttons(told)).toEqual(['Felles møte', 'Den ansatte avviser', 'Avslutt klagen']);

    const meeting = await bot.act(lars, 'pk.meeting.open', data);
    const m = findVerb(meeting, 'Lagre').data;
    const missing = await bot.act(lars, 'pk.meeting.save', { ...m, date: '2026-11-02', unionRepPresent: 'true', complainantPresent: 'true', agreed: 'true', agreementText: '' });
    expect(cardText(missing)).toContain('Må fylles ut.');
    const agreed = await bot.act(lars, 'pk.meeting.save', { ...m, date: '2026-11-02', unionRepPresent: 'true', complainantPresent: 'true', agreed: 'true', agreementText: 'Tonen i klasserommet tas opp igjen om en måned' });
    const a = cardText(agreed);
    expect(a).toContain('Neste steg: Avtalen undertegnes av partene.');
    expect(a).toContain('Mangler underskrift\nDen ansatte, Tillitsvalgt, Klageren');
    expect(buttons(agreed)).toEqual(['Bekreft underskrift: Den ansatte', 'Bekreft underskrift: Tillitsvalgt', 'Bekreft underskrift: Klageren', 'Den ansatte avviser', 'Avslutt klagen']);
  });

  it('sign-off: Per signs his own part with a button, the leader confirms the paper signatures, then closes with a note', async () => {
    const mine = (await bot.say(per, `sak ${ref}`))[0];
    expect(buttons(mine)).toEqual(['Undertegn avtalen']);
    const own = findVerb(mine, 'Undertegn avtalen');
    expect(own.verb).toBe('pk.signown.avtale');
    // Per's button signs for Per only: the leader pressing it is refused in words, and nothing is signed.
    const notLars = await bot.act(lars, own.verb, own.data);
    expect(cardText(notLars)).toContain('Det er ingenting å undertegne for denne parten.');
    expect(cardText(notLars)).toContain('Mangler underskrift\nDen ansatte, Tillitsvalgt, Klageren');
    const signed = await bot.act(per, own.verb, own.data);
    expect(cardText(signed)).toContain('Underskriften er registrert.');
    expect(buttons(signed)).toEqual([]);
    // Per cannot sign for the complainant.
    expect(cardText(await bot.act(per, 'pk.sign.klager', data))).not.toContain('Underskriften er registrert.');

    await bot.act(lars, 'pk.sign.klager', data);
    const all = await bot.act(lars, 'pk.sign.tillitsvalgt', data);
    expect(cardText(all)).toContain('Undertegnet\nDen ansatte, Klageren, Tillitsvalgt');
    expect(cardText(all)).toContain('Neste steg: Saken kan avsluttes.');

    const close = await bot.act(lars, 'pk.close.open', data);
    const empty = await bot.act(lars, 'pk.close.save', { ...findVerb(close, 'Lagre').data, note: '' });
    expect(cardText(empty)).toContain('Må fylles ut.');
    const done = await bot.act(lars, 'pk.close.save', { ...findVerb(close, 'Lagre').data, note: 'Løst i felles møte' });
    expect(cardText(done)).toContain('Klagen er avsluttet.');
    expect(buttons(done)).toEqual([]);
  });

  it('a complaint that a member of staff offends a pupil: § 12-5, «Meld fra nå» pre-filled as skjerpet, and the submitted case linked back for those who may see it', async () => {
    const card = await register({ pupilOffence: 'true' });
    const pref = refOf(card);
    expect(cardText(card)).toContain('skjerpet aktivitetsplikt etter opplæringsloven § 12-5 gjelder');
    const report = findVerb(card, 'Meld fra nå');
    expect(report.verb).toBe('pk.report');
    // Only the complaint's leader or rektor: Kari (forging the button) gets no report form.
    expect(cardText(await bot.act(kari, 'pk.report', report.data))).not.toContain('Send meldingen');
    const form = await bot.act(lars, 'pk.report', report.data);
    expect(JSON.stringify(form)).toMatch(/"id":"staffSuspected"[^}]*"value":"ja"/);
    const send = findVerb(form, 'Send meldingen').data;
    // Kari replaying Lars's form id with her own report links nothing: the link is Lars's, kept on the server.
    await bot.act(kari, 'report.submit', { ...send, ...validReport({ staffSuspected: 'ja', date: '2026-11-02' }) });
    expect(cardText(await bot.act(lars, 'pk.refresh', report.data))).not.toContain('Skolemiljøsak');
    const receipt = await bot.act(lars, 'report.submit', { ...send, ...validReport({ staffSuspected: 'ja', date: '2026-11-02' }) });
    const sm = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    const linked = await bot.act(lars, 'pk.refresh', report.data);
    expect(cardText(linked)).toContain(`Skolemiljøsak\n${sm}`);
    expect(buttons(linked)).not.toContain('Meld fra nå');
    expect(cardText((await bot.say(rektor, `sak ${pref}`))[0])).toContain(`Skolemiljøsak\n${sm}`);
    // A second submit of the same form changes nothing; the employee never sees the pupil's case.
    await bot.act(lars, 'report.submit', { ...send, ...validReport({ staffSuspected: 'ja', date: '2026-11-02' }) });
    await bot.act(lars, 'pk.inform', report.data);
    const own = cardText((await bot.say(per, `sak ${pref}`))[0]);
    expect(own).not.toContain(sm);
    expect(own).not.toContain('12-5');
    // Mona, another avdelingsleder, cannot see the case, and would not see the complaint either.
    expect(cardText(await bot.act(persona('Mona'), 'pk.refresh', report.data))).not.toContain(sm);
  });

  it('the written complaint asked for is recorded later from the card: «Skriftlig klage mottatt» with its date, shown on the card', async () => {
    clock.at = new Date('2026-11-04T09:00:00Z');
    const card = await register({ written: 'bedt_om', talkedOn: '2026-11-02' });
    expect(cardText(card)).toContain('Skriftlig klage\nBedt om');
    expect(buttons(card)).toEqual(['Informer den ansatte', 'Skriftlig klage mottatt']);
    const d = findVerb(card, 'Skriftlig klage mottatt').data;
    // Nobody else may record it, and Per cannot open the form.
    expect(cardText(await bot.act(kari, 'pk.written.save', { ...d, date: '2026-11-03' }))).not.toContain('Mottatt tir. 3.11.2026');
    expect(cardText(await bot.act(per, 'pk.written.open', d))).not.toContain('Registrer datoen');
    const form = await bot.act(lars, 'pk.written.open', d);
    expect(cardText(form)).toContain('Registrer datoen den skriftlige klagen kom.');
    expect(fieldValue(form, 'date')).toBe('2026-11-04');
    const save = findVerb(form, 'Lagre').data;
    const bad = await bot.act(lars, 'pk.written.save', { ...save, date: '2026-11-01' });
    expect(cardText(bad)).toContain('Datoen kan ikke være før forrige steg.');
    expect(fieldValue(bad, 'date')).toBe('2026-11-01');
    const ok = await bot.act(lars, 'pk.written.save', { ...save, date: '2026-11-03' });
    expect(cardText(ok)).toContain('Skriftlig klage\nMottatt tir. 3.11.2026');
    expect(buttons(ok)).toEqual(['Informer den ansatte']);
    expect(cardText(await bot.act(lars, 'pk.written.save', { ...save, date: '2026-11-03' }))).toContain('Dette steget er allerede registrert.');
    expect(cardText((await bot.say(rektor, `sak ${refOf(ok)}`))[0])).toContain('Mottatt tir. 3.11.2026');
  });

  describe('no agreement: measures, the mentoring agreement, the evaluation, a rejection and the møtebok', () => {
    let d2: Record<string, unknown> = {};

    async function heardAndMet(agreedMeeting: boolean | undefined) {
      const card = await register();
      const d = findVerb(card, 'Informer den ansatte').data;
      await bot.act(lars, 'pk.inform', d);
      const talk = await bot.act(lars, 'pk.talk.open', d);
      const heard = await bot.act(lars, 'pk.talk.save', { ...findVerb(talk, 'Lagre').data, date: '2026-11-02', unionRepPresent: 'true', employeeVersion: 'Jeg ser det annerledes', groundless: 'false' });
      if (agreedMeeting === undefined) return { d, card: heard };
      const meeting = await bot.act(lars, 'pk.meeting.open', d);
      const met = await bot.act(lars, 'pk.meeting.save', { ...findVerb(meeting, 'Lagre').data, date: '2026-11-02', unionRepPresent: 'true', complainantPresent: 'true', agreed: String(agreedMeeting), agreementText: '' });
      return { d, card: met };
    }

    it('measures: only after a joint meeting without agreement; the union representative must be there and the evaluation date lies ahead', async () => {
      const { d, card } = await heardAndMet(false);
      d2 = d;
      expect(cardText(card)).toContain('Neste steg: Partene ble ikke enige: ledelsen vurderer hvilke tiltak som kan eller må settes i verk, for eksempel veileder innenfor et avtalt område. Dersom det er nødvendig med flere møter, skal tillitsvalgte være til stede.');
      expect(buttons(card)).toEqual(['Tiltak', 'Den ansatte avviser', 'Avslutt klagen']);
      // Per sees no leader's step, and cannot open the form.
      expect(buttons((await bot.say(per, `sak ${refOf(card)}`))[0])).toEqual([]);
      expect(cardText(await bot.act(per, 'pk.measures.open', d))).not.toContain('Veileder settes inn');

      const form = await bot.act(lars, 'pk.measures.open', d);
      expect(cardText(form)).toContain('Veileder settes inn innenfor dette området');
      const save = findVerb(form, 'Lagre').data;
      const bad = await bot.act(lars, 'pk.measures.save', { ...save, mentorArea: 'Klasseledelse og tone', other: '', evaluationOn: '2026-11-02', unionRepPresent: 'false' });
      expect(cardText(bad)).toContain('Tillitsvalgt skal være til stede.');
      expect(cardText(bad)).toContain('Datoen kan ikke være før forrige steg.');
      expect(fieldValue(bad, 'mentorArea')).toBe('Klasseledelse og tone');
      const ok = await bot.act(lars, 'pk.measures.save', { ...save, mentorArea: 'Klasseledelse og tone', other: 'Hospitering hos kollega', evaluationOn: '2026-12-01', unionRepPresent: 'true' });
      const o = cardText(ok);
      expect(o).toContain('Tiltak\nKlasseledelse og tone. Evaluering');
      expect(o).toContain('Andre tiltak\nHospitering hos kollega');
      expect(o).toContain('Neste steg: Når veiledningen er avsluttet, skrives det man har kommet fram til ned og undertegnes.');
      expect(buttons(ok)).toEqual(['Veiledningsavtale', 'Den ansatte avviser', 'Avslutt klagen', 'Legg til i kalenderen (.ics)']); // no evaluation before its date; the meeting is booked
      expect(cardText(await bot.act(lars, 'pk.measures.open', d))).toContain('Dette steget er allerede registrert.');
    });

    it('the mentoring agreement: Per signs with a button, the leader confirms the leadership; the evaluation is refused before its date', async () => {
      const form = await bot.act(lars, 'pk.mentoring.open', d2);
      const save = findVerb(form, 'Lagre').data;
      expect(cardText(await bot.act(lars, 'pk.mentoring.save', { ...save, text: '' }))).toContain('Må fylles ut.');
      const written = await bot.act(lars, 'pk.mentoring.save', { ...save, text: 'Faste ukemøter om klasseledelse' });
      expect(cardText(written)).toContain('Veiledningsavtale\nFaste ukemøter om klasseledelse');
      expect(cardText(written)).toContain('Veiledningsavtalen mangler underskrift\nDen ansatte, Ledelsen');
      expect(buttons(written)).toEqual(['Bekreft underskrift (veiledning): Den ansatte', 'Bekreft underskrift (veiledning): Ledelsen', 'Den ansatte avviser', 'Avslutt klagen', 'Legg til i kalenderen (.ics)']);

      const ref2 = refOf(written);
      const mine = (await bot.say(per, `sak ${ref2}`))[0];
      expect(buttons(mine)).toEqual(['Undertegn veiledningsavtalen', 'Legg til i kalenderen (.ics)']);
      const own = findVerb(mine, 'Undertegn veiledningsavtalen');
      const signed = await bot.act(per, own.verb, own.data);
      expect(cardText(signed)).toContain('Underskriften er registrert.');
      expect(buttons(signed)).toEqual(['Legg til i kalenderen (.ics)']);
      expect(cardText(await bot.act(per, 'pk.sign.veiledningsavtale.ledelse', d2))).not.toContain('Underskriften er registrert.');
      const both = await bot.act(lars, 'pk.sign.veiledningsavtale.ledelse', d2);
      expect(cardText(both)).toContain('Veiledningsavtalen er undertegnet av\nDen ansatte, Ledelsen');
      expect(cardText(both)).toContain('Neste steg: Etter en angitt periode er det nødvendig med en evaluering. Tillitsvalgte skal være til stede på evalueringsmøtet.');
      expect(buttons(both)).toEqual(['Den ansatte avviser', 'Avslutt klagen', 'Legg til i kalenderen (.ics)']);
      expect(cardText(await bot.act(lars, 'pk.evaluation.open', d2))).toContain('Evalueringen er ikke kommet ennå.');
    });

    // "Dersom det er nødvendig med flere møter skal tillitsvalgte være til stede": the evaluation meeting is one.
    it('the evaluation, once its date has come: a date before it is named; the union representative must be present', async () => {
      clock.at = new Date('2026-12-02T09:00:00Z');
      const card = await bot.act(lars, 'pk.refresh', d2);
      expect(buttons(card)).toEqual(['Evaluering', 'Den ansatte avviser', 'Avslutt klagen', 'Legg til i kalenderen (.ics)']);
      const form = await bot.act(lars, 'pk.evaluation.open', d2);
      expect(fieldValue(form, 'date')).toBe('2026-12-02');
      const save = findVerb(form, 'Lagre').data;
      const early = await bot.act(lars, 'pk.evaluation.save', { ...save, date: '2026-11-20', achieved: 'false', note: 'Delvis bedre' });
      expect(cardText(early)).toContain('Evalueringen er ikke kommet ennå.');
      expect(cardText(early)).toContain('Tillitsvalgt skal være til stede.');
      expect(fieldValue(early, 'note')).toBe('Delvis bedre');
      const done = await bot.act(lars, 'pk.evaluation.save', { ...save, date: '2026-12-02', achieved: 'false', note: 'Delvis bedre', unionRepPresent: 'true' });
      expect(cardText(done)).toContain('ønsket resultat oppnådd: nei. Delvis bedre');
      expect(buttons(done)).toEqual(['Den ansatte avviser', 'Avslutt klagen']);
    });

    it('Per rejects the mentoring: the møtebok is required before closing; disagreement records the date, who took part and each side’s view', async () => {
      const form = await bot.act(lars, 'pk.reject.open', d2);
      expect(cardText(form)).toContain('Klagen og veiledningen');
      const save = findVerb(form, 'Lagre').data;
      expect(cardText(await bot.act(lars, 'pk.reject.save', { ...save, what: '' }))).toContain('Må fylles ut.');
      const rejected = await bot.act(lars, 'pk.reject.save', { ...save, what: 'veiledning' });
      expect(cardText(rejected)).toContain('Den ansatte avviser\nVeiledningen');
      expect(cardText(rejected)).toContain('Neste steg: Den ansatte avviser klagen eller veiledningen: møte med tillitsvalgt til stede, og før møtebok.');
      expect(buttons(rejected)).toEqual(['Møtebok']); // no closing without the møtebok
      expect(cardText(await bot.act(lars, 'pk.close.open', d2))).toContain('Møteboken må føres før klagen avsluttes.');

      const mb = await bot.act(lars, 'pk.motebok.open', d2);
      const m = findVerb(mb, 'Lagre').data;
      const bad = await bot.act(lars, 'pk.motebok.save', { ...m, date: '2026-12-02', participants: 'Lars Eide', unionRepPresent: 'false', agreed: 'false', agreementText: '', employeeView: 'Veiledningen er unødvendig', leadershipView: '' });
      const b = cardText(bad);
      expect(b).toContain('Tillitsvalgt skal være til stede.');
      expect(b).toContain('Må fylles ut.');
      expect(fieldValue(bad, 'employeeView')).toBe('Veiledningen er unødvendig');
      const ok = await bot.act(lars, 'pk.motebok.save', {
        ...m, date: '2026-12-02', participants: 'Lars Eide\nPer Hansen\nTone Tillitsvalgt', unionRepPresent: 'true', agreed: 'false', agreementText: '',
        employeeView: 'Veiledningen er unødvendig', leadershipView: 'Veiledningen fortsetter ut semesteret',
      });
      const o = cardText(ok);
      expect(o).toContain('Møtebok\n');
      expect(o).toContain('enighet: nei');
      expect(o).toContain('Deltakere\nLars Eide, Per Hansen, Tone Tillitsvalgt');
      expect(o).toContain('Den ansattes syn\nVeiledningen er unødvendig');
      expect(o).toContain('Ledelsens syn\nVeiledningen fortsetter ut semesteret');
      expect(o).not.toContain('Møteboken mangler underskrift'); // nothing to sign when they disagree
      expect(o).toContain('Neste steg: Saken kan avsluttes.');
      expect(buttons(ok)).toEqual(['Avslutt klagen']);
    });

    it('a rejection of the complaint before any measures offers only «Klagen»; an agreed møtebok is signed by Per and confirmed by the leader', async () => {
      const { d, card } = await heardAndMet(undefined);
      expect(buttons(card)).toEqual(['Felles møte', 'Den ansatte avviser', 'Avslutt klagen']);
      const form = await bot.act(lars, 'pk.reject.open', d);
      expect(cardText(form)).not.toContain('Veiledningen');
      expect(cardText(await bot.act(lars, 'pk.reject.save', { ...findVerb(form, 'Lagre').data, what: 'veiledning' }))).toContain('Det er ingen tiltak å følge opp.');
      await bot.act(lars, 'pk.reject.save', { ...findVerb(form, 'Lagre').data, what: 'klagen' });
      const mb = await bot.act(lars, 'pk.motebok.open', d);
      const agreed = await bot.act(lars, 'pk.motebok.save', {
        ...findVerb(mb, 'Lagre').data, date: '2026-12-02', participants: 'Lars Eide\nPer Hansen\nTone Tillitsvalgt', unionRepPresent: 'true', agreed: 'true',
        agreementText: 'Per beklager tonen overfor klassen', employeeView: '', leadershipView: '',
      });
      expect(cardText(agreed)).toContain('Møteboken mangler underskrift\nDen ansatte, Tillitsvalgt, Ledelsen');
      expect(cardText(agreed)).toContain('Neste steg: Møteboken undertegnes av partene.');
      expect(buttons(agreed)).toEqual(['Bekreft underskrift på møteboken: Den ansatte', 'Bekreft underskrift på møteboken: Tillitsvalgt', 'Bekreft underskrift på møteboken: Ledelsen', 'Avslutt klagen']);
      const mine = (await bot.say(per, `sak ${refOf(agreed)}`))[0];
      expect(buttons(mine)).toEqual(['Undertegn møteboken']);
      const own = findVerb(mine, 'Undertegn møteboken');
      await bot.act(per, own.verb, own.data);
      await bot.act(lars, 'pk.sign.motebok.tillitsvalgt', d);
      const all = await bot.act(lars, 'pk.sign.motebok.ledelse', d);
      expect(cardText(all)).toContain('Møteboken er undertegnet av\nDen ansatte, Tillitsvalgt, Ledelsen');
      expect(cardText(all)).toContain('Neste steg: Saken kan avsluttes.');
      expect(buttons(all)).toEqual(['Avslutt klagen']);
    });
  });

  describe('the employee asked to sign in their chat, and the evaluation booked and reminded', () => {
    let d3: Record<string, unknown> = {};
    let ref3 = '';
    const perCards = () => connector.cardsFor(per.userId);
    const larsCards = () => connector.cardsFor(lars.userId).filter((c) => cardText(c).includes(ref3));

    it('an agreement from the joint meeting: Per gets it in his chat once, signs it there, and only he can', async () => {
      clock.at = new Date('2026-11-09T09:00:00Z');
      const card = await register({ talkedOn: '2026-11-09' });
      const d = findVerb(card, 'Informer den ansatte').data;
      await bot.act(lars, 'pk.inform', d);
      const talk = await bot.act(lars, 'pk.talk.open', d);
      await bot.act(lars, 'pk.talk.save', { ...findVerb(talk, 'Lagre').data, date: '2026-11-09', unionRepPresent: 'true', employeeVersion: 'Enig i noe', groundless: 'false' });
      const meeting = await bot.act(lars, 'pk.meeting.open', d);
      const m = { ...findVerb(meeting, 'Lagre').data, date: '2026-11-09', unionRepPresent: 'true', complainantPresent: 'true', agreed: 'true', agreementText: 'Felles plan for tonen i timene' };
      const before = perCards().length;
      await bot.act(lars, 'pk.meeting.save', m);
      await bot.act(lars, 'pk.meeting.save', m); // a second click: refused, nobody told again
      const sent = perCards().slice(before);
      expect(sent).toHaveLength(1);
      const mine = cardText(sent[0]);
      expect(mine).toContain('Et dokument venter på din underskrift.');
      expect(mine).toContain('Felles plan for tonen i timene');
      expect(mine).not.toContain(COMPLAINANT);
      expect(buttons(sent[0])).toEqual(['Undertegn avtalen']);
      const sign = findVerb(sent[0], 'Undertegn avtalen');
      // The button acts only for the employee of this complaint: Kari and Lars pressing Per's button sign nothing as him.
      expect(cardText(await bot.act(kari, sign.verb, sign.data))).not.toContain('Underskriften er registrert.');
      expect(cardText(await bot.act(persona('Mona'), sign.verb, sign.data))).not.toContain('Underskriften er registrert.');
      expect(cardText(await bot.act(lars, sign.verb, sign.data))).toContain('Det er ingenting å undertegne for denne parten.');
      expect(cardText(await bot.act(lars, 'pk.refresh', findVerb(sent[0], 'Undertegn avtalen').data))).toContain('Mangler underskrift\nDen ansatte');
      const signed = await bot.act(per, sign.verb, sign.data);
      expect(cardText(signed)).toContain('Underskriften er registrert.');
      expect(cardText(await bot.act(lars, 'pk.refresh', d))).toContain('Undertegnet\nDen ansatte');
    });

    it('measures while the calendar is down: the evaluation meeting waits for it, the sweep books it once; Per is asked to sign the mentoring agreement', async () => {
      clock.at = new Date('2026-11-16T09:00:00Z');
      const card = await register({ talkedOn: '2026-11-16' });
      ref3 = refOf(card);
      d3 = findVerb(card, 'Informer den ansatte').data;
      await bot.act(lars, 'pk.inform', d3);
      const talk = await bot.act(lars, 'pk.talk.open', d3);
      await bot.act(lars, 'pk.talk.save', { ...findVerb(talk, 'Lagre').data, date: '2026-11-16', unionRepPresent: 'true', employeeVersion: 'Uenig', groundless: 'false' });
      const meeting = await bot.act(lars, 'pk.meeting.open', d3);
      await bot.act(lars, 'pk.meeting.save', { ...findVerb(meeting, 'Lagre').data, date: '2026-11-16', unionRepPresent: 'true', complainantPresent: 'true', agreed: 'false', agreementText: '' });

      const form = await bot.act(lars, 'pk.measures.open', d3);
      expect(cardText(form)).toContain('Tillitsvalgt som inviteres til evalueringsmøtet (tillitsvalgte skal være til stede; velg her hvis vedkommende er ansatt ved skolen)');
      expect(cardText(form)).toContain('Tone Vik');
      expect(cardText(form)).not.toContain('Per Hansen'); // not the employee as their own union representative
      const save = findVerb(form, 'Lagre').data;
      const forged = await bot.act(lars, 'pk.measures.save', { ...save, mentorArea: 'Klasseledelse', other: '', evaluationOn: '2026-12-14', unionRepPresent: 'true', unionRepId: persona('Eva').userId });
      expect(cardText(forged)).toContain('Velg en ansatt ved skolen.');
      expect(fieldValue(forged, 'mentorArea')).toBe('Klasseledelse');

      calendar.down = true;
      const tone = persona('Tone');
      const saved = await bot.act(lars, 'pk.measures.save', { ...save, mentorArea: 'Klasseledelse', other: '', evaluationOn: '2026-12-14', unionRepPresent: 'true', unionRepId: tone.userId });
      expect(cardText(saved)).toContain('Evalueringsmøte\nman. 14.12.2026 kl. 14.00, venter på kalenderen');
      expect(await busyOn(per, '2026-12-14')).toEqual([]);
      // Still down: the sweep leaves it waiting, and the card still says so.
      await app.staffComplaints.sweep();
      expect(cardText(await bot.act(lars, 'pk.refresh', d3))).toContain('venter på kalenderen');

      calendar.down = false;
      await Promise.all([app.staffComplaints.sweep(), app.staffComplaints.sweep()]);
      await app.staffComplaints.sweep();
      expect(cardText(await bot.act(lars, 'pk.refresh', d3))).toContain('Evalueringsmøte\nman. 14.12.2026 kl. 14.00, satt opp i kalenderen');
      for (const who of [lars, per, tone]) expect(await busyOn(who, '2026-12-14')).toEqual([{ start: '2026-12-14T13:00:00.000Z', end: '2026-12-14T13:45:00.000Z' }]);
      // Both invited see the meeting and can add it to their calendar (.ics, the local calendar).
      for (const who of [lars, per]) {
        const seen = who === per ? (await bot.say(per, `sak ${ref3}`))[0] : await bot.act(lars, 'pk.refresh', d3);
        expect(cardText(seen)).toContain('Evalueringsmøte\nman. 14.12.2026 kl. 14.00, satt opp i kalenderen');
        expect(JSON.stringify(seen)).toMatch(/"type":"Action.OpenUrl","title":"Legg til i kalenderen \(.ics\)","url":"http[^"]+\.ics\?sig=/);
      }

      const before = perCards().length;
      const mentoring = await bot.act(lars, 'pk.mentoring.open', d3);
      await bot.act(lars, 'pk.mentoring.save', { ...findVerb(mentoring, 'Lagre').data, text: 'Veiledning hver uke' });
      const sent = perCards().slice(before);
      expect(sent).toHaveLength(1);
      expect(cardText(sent[0])).toContain('Et dokument venter på din underskrift.');
      expect(buttons(sent[0])).toEqual(['Undertegn veiledningsavtalen', 'Legg til i kalenderen (.ics)']);
      const own = findVerb(sent[0], 'Undertegn veiledningsavtalen');
      const signed = await bot.act(per, own.verb, own.data);
      expect(cardText(signed)).toContain('Underskriften er registrert.');
      await bot.act(lars, 'pk.sign.veiledningsavtale.ledelse', d3);
    });

    it('the leader is reminded in his chat from the school day before the evaluation until it is recorded, once a day however many sweeps', async () => {
      const sweepAt = async (iso: string) => {
        clock.at = new Date(iso);
        await Promise.all([app.staffComplaints.sweep(), app.staffComplaints.sweep()]);
      };
      const start = larsCards().length;
      await sweepAt('2026-12-10T09:00:00Z'); // Thursday: two school days ahead, not yet
      expect(larsCards().length).toBe(start);
      await sweepAt('2026-12-11T05:00:00Z'); // Friday 06:00 in Oslo: not in the night
      expect(larsCards().length).toBe(start);
      await sweepAt('2026-12-11T09:00:00Z'); // Friday, the school day before Monday's evaluation
      await sweepAt('2026-12-11T13:00:00Z');
      expect(larsCards().length).toBe(start + 1);
      const reminder = larsCards().at(-1)!;
      expect(cardText(reminder)).toContain('Påminnelse: evalueringen av tiltakene er satt til man. 14.12.2026 og er ikke registrert ennå.');
      expect(cardText(reminder)).toContain('Neste steg: Etter en angitt periode er det nødvendig med en evaluering. Tillitsvalgte skal være til stede på evalueringsmøtet.');
      expect(connector.cardsFor(per.userId).filter((c) => cardText(c).includes('Påminnelse'))).toEqual([]);
      await sweepAt('2026-12-12T09:00:00Z'); // Saturday
      expect(larsCards().length).toBe(start + 1);
      await sweepAt('2026-12-14T09:00:00Z'); // Monday, the day itself
      expect(larsCards().length).toBe(start + 2);
      expect(buttons(larsCards().at(-1)!)).toContain('Evaluering');

      const form = await bot.act(lars, 'pk.evaluation.open', d3);
      await bot.act(lars, 'pk.evaluation.save', { ...findVerb(form, 'Lagre').data, date: '2026-12-14', achieved: 'true', note: '', unionRepPresent: 'true' });
      await sweepAt('2026-12-15T09:00:00Z'); // recorded: no more reminders
      expect(larsCards().length).toBe(start + 2);
    });
  });

  it('logs hold no names and no free text', () => {
    const logs = app.logs.join('\n');
    expect(logs).toContain('staff complaint registered');
    for (const secret of [COMPLAINANT, SUMMARY, 'Felles plan for tonen', 'Veiledning hver uke', 'Tone Vik', 'Jeg kjenner meg ikke igjen', 'Tonen i klasserommet', 'Løst i felles møte', 'Per Hansen', 'Klasseledelse og tone', 'Faste ukemøter', 'Delvis bedre', 'Veiledningen er unødvendig', 'Tone Tillitsvalgt', 'Per beklager']) expect(logs).not.toContain(secret);
  });
});

// Seed 001, rule 4: «Nærmeste leder informerer umiddelbart den ansatte om mottatt klage.» «Umiddelbart» is read as
// the same school day, at the latest the next one; the employee counts as informed when the notice is delivered.
describe('klage rettet mot personale: «umiddelbart», and informed only when delivered', () => {
  const reminders = (ref: string) => connector.cardsFor(lars.userId).map(cardText).filter((t) => t.includes(ref) && t.includes('Påminnelse: den ansatte er ikke informert om klagen ennå.'));

  it('Nærmeste leder informerer umiddelbart den ansatte: a failed send is not «informed»; it is retried, and the leader is reminded from the next school day until it is delivered', async () => {
    clock.at = new Date('2026-12-16T09:00:00Z'); // Wednesday
    const saved = await register();
    const ref = refOf(saved);
    expect(cardText(saved)).toContain('Frist for å informere den ansatte\ntor. 17.12.2026');
    const d = findVerb(saved, 'Informer den ansatte').data;

    // Per's chat does not answer (botbuilder tries a 5xx four times).
    connector.failConversation(`a:conv-${per.userId}`, 500, 4);
    const pending = await bot.act(lars, 'pk.inform', d);
    expect(cardText(pending)).toContain('Meldingen til den ansatte er ikke levert ennå. Den ansatte regnes ikke som informert før meldingen er levert.');
    expect(cardText(pending)).toContain('Sendt til den ansatte, ikke levert ennå');
    expect(cardText(pending)).not.toContain('Ansatt informert\n');
    expect(cardText(pending)).not.toContain('Den ansatte er informert og har fått klagen i sin chat.');
    // Not informed, so Per does not see it yet, and the next step is still to inform him.
    expect(cardText((await bot.say(per, `sak ${ref}`))[0])).toContain('Fant ikke');
    expect(buttons(pending)).toContain('Informer den ansatte');

    // The same day: no reminder yet. Thursday, the deadline: Lars is reminded, once however many sweeps.
    await app.staffComplaints.sweep();
    expect(reminders(ref)).toHaveLength(0);
    clock.at = new Date('2026-12-17T09:00:00Z');
    await Promise.all([app.staffComplaints.sweep(), app.staffComplaints.sweep()]);
    expect(reminders(ref)).toHaveLength(1);
    expect(reminders(ref)[0]).toContain('(frist tor. 17.12.2026)');

    // The outbox tries again: delivered, and only now recorded as informed.
    await app.outbox.sweep();
    expect(cardText(connector.cardsFor(per.userId).at(-1))).toContain(ref);
    const now = await bot.act(lars, 'pk.refresh', d);
    expect(cardText(now)).toContain('Ansatt informert\n');
    expect(cardText(now)).not.toContain('Frist for å informere den ansatte');
    expect(cardText((await bot.say(per, `sak ${ref}`))[0])).toContain(ref);
    // Informed: no more reminders.
    clock.at = new Date('2026-12-18T09:00:00Z');
    await app.staffComplaints.sweep();
    expect(reminders(ref)).toHaveLength(1);
  });

  it('delivered at once: informed at once, and said so', async () => {
    clock.at = new Date('2026-12-18T10:00:00Z');
    const saved = await register();
    const informed = await bot.act(lars, 'pk.inform', findVerb(saved, 'Informer den ansatte').data);
    expect(cardText(informed)).toContain('Den ansatte er informert og har fått klagen i sin chat.');
    expect(cardText(informed)).toContain('Ansatt informert\n');
  });
});
