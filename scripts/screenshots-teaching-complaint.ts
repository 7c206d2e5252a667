/**
 * `npx tsx scripts/screenshots-teaching-complaint.ts`: the README's pictures of a complaint about
 * teaching (seed 000), taken in headless Chromium from the Agents Playground. Two Playgrounds
 * share one bot: Kari Nordmann (kontaktlærer 8A, who sits in the tillitselev meeting and approves its
 * minutes) and Lars Eide (avdelingsleder 8. trinn, the leader responsible for pupil follow-up). The
 * complaints are about Per Hansen's teaching and registered by Per himself: staff take no complaint
 * about a colleague (seed 001 §1), so the kontaktlærer may not register it. The steps before each
 * picture are taken through the app's own use cases (the same ones the card buttons call), dated
 * back where the routine needs time to pass; the cards are then opened with «sak KL-…» in the
 * Playground as the person sees them. Writes docs/screenshots/teaching-complaint-*.png.
 */
import { lastCard, say, sayForCard, shows } from './playground-driver';
import { demoSchool, OUT, run, SCHOOL, shoot, withStack } from './screenshot-kit';
import { calendarFor, schoolDate } from '../src/app/school-time';
import type { TeachingComplaints } from '../src/app/teaching-complaint';
import { followUpDate, type MinutesDraft } from '../src/domain/complaint';
import { addDays, isSchoolDay, type SchoolCalendar } from '../src/domain/school-calendar';
import { DEMO_TENANT, PERSONAS } from '../src/seed';

const actor = (name: string) => {
  const p = PERSONAS.find((x) => x.name.startsWith(name));
  if (!p) throw new Error(`no persona ${name}`);
  return { tenantId: DEMO_TENANT, userId: p.userId };
};

/** The latest school day on or before `d`. */
function schoolDayOnOrBefore(d: string, cal: SchoolCalendar): string {
  let x = d;
  while (!isSchoolDay(x, cal)) x = addDays(x, -1);
  return x;
}

const minutes = (o: Partial<MinutesDraft> & Pick<MinutesDraft, 'kind' | 'date'>): MinutesDraft => ({ staffIds: [], pupils: [], notes: '', agreed: '', proposals: '', periodEnd: '', ...o });

function must<T extends { errors?: unknown[] }>(r: T, what: string): T {
  if (r.errors?.length) throw new Error(`${what}: ${JSON.stringify(r.errors)}`);
  return r;
}

/** Registered by Per about his own teaching, with the faglærer conversation held and the complaint at stage 2. */
async function atStage2(svc: TeachingComplaints, subject: string, description: string, firstTalk: string, notes: string): Promise<{ id: string; ref: string }> {
  const per = actor('Per');
  const r = await svc.submit(per, SCHOOL, { class: '8A', subject, teacherId: per.userId, representatives: 'Ola Nordmann\nAmina Ali', description }, `shot-${subject}`);
  if (r.kind !== 'registered') throw new Error(`${subject}: not registered: ${JSON.stringify(r.errors)}`);
  const id = r.view.complaint.complaintId;
  must(await svc.saveMinutes(per, SCHOOL, id, minutes({ kind: 'samtale_faglaerer', date: firstTalk, staffIds: [per.userId], pupils: ['Ola Nordmann'], notes }), `shot-${subject}-1`), 'first talk');
  await svc.next(per, SCHOOL, id, 1);
  return { id, ref: r.view.complaint.ref };
}

async function main() {
  await withStack({ tablePrefix: 'klage', persona: 'Kari', others: ['Lars'] }, async ({ stack, open }) => {
    const svc = stack.app.teachingComplaints;
    const school = await demoSchool(stack);
    const { today: now } = schoolDate(new Date());
    const cal = calendarFor(school, now);
    // The meetings are held on a school day (the pictures are often taken on a weekend).
    const today = schoolDayOnOrBefore(now, cal);
    const [kari, per, lars] = [actor('Kari'), actor('Per'), actor('Lars')];

    // Kari and Lars have Teams open with the app, so the bot knows where to reach them.
    const kariPage = await open('Kari');
    await kariPage.setViewportSize({ width: 1400, height: 3200 });
    await say(kariPage, 'hjelp');
    await lastCard(kariPage, 'dette kan jeg hjelpe med');
    const larsPage = await open('Lars');
    await larsPage.setViewportSize({ width: 1400, height: 3200 });
    await say(larsPage, 'hjelp');
    await lastCard(larsPage, 'dette kan jeg hjelpe med');

    // 1. Stage 2 today: the tillitselev meeting's minutes, approved by Per, awaiting Kari and the pupils; the follow-up booked three weeks on.
    const a = await atStage2(svc, 'Matematikk', 'Gjennomgangen av nytt stoff går for fort, og leksene kommer uten forklaring.', today, 'Elevene henger ikke med når nytt stoff gjennomgås.');
    const periodEnd = schoolDayOnOrBefore(addDays(followUpDate(today, cal), -2), cal);
    const saved = must(
      await svc.saveMinutes(
        per,
        SCHOOL,
        a.id,
        minutes({
          kind: 'mote_tillitselev',
          date: today,
          staffIds: [per.userId, kari.userId],
          pupils: ['Ola Nordmann', 'Amina Ali'],
          notes: 'Tempoet i gjennomgangene, og lekser som gis uten at de er forklart.',
          agreed: 'Repetisjon av ukens stoff hver fredag. Leksene forklares før timen slutter. Elevene sier fra i timen når det går for fort.',
          periodEnd,
        }),
        'shot-a-2',
      ),
      'tillitselev meeting',
    );
    await svc.approve(per, SCHOOL, a.id, saved.view.complaint.minutes.at(-1)!.minutesId);
    const stage2 = await sayForCard(kariPage, `sak ${a.ref}`, `Klage på undervisning ${a.ref}`);
    await stage2.getByRole('button', { name: 'Godkjenn referat' }).waitFor();
    await shows(stage2, 'Oppfølgingsmøte i kalenderen');
    await shoot(kariPage, stage2, 'teaching-complaint-stage2.png');

    // «Flytt oppfølgingsmøtet»: the form with a date field, as the leader sees it (Kari only takes part).
    const leaders = await sayForCard(larsPage, `sak ${a.ref}`, `Klage på undervisning ${a.ref}`);
    await leaders.getByRole('button', { name: 'Flytt oppfølgingsmøtet' }).click();
    await shows(leaders, 'Velg en annen skoledag.');
    await shoot(larsPage, leaders, 'teaching-complaint-move.png');

    // 2. Stage 3: a complaint whose tillitselev meeting was five weeks ago; the follow-up found no improvement,
    //    and the pupils' written complaint has come to Lars, who registers it with the reason.
    const met = schoolDayOnOrBefore(addDays(today, -35), cal);
    const b = await atStage2(svc, 'Naturfag', 'Vurderingskriteriene for prøvene er uklare.', schoolDayOnOrBefore(addDays(met, -3), cal), 'Elevene vet ikke hva som vektlegges på prøvene.');
    const bMinutes = must(
      await svc.saveMinutes(
        per,
        SCHOOL,
        b.id,
        minutes({
          kind: 'mote_tillitselev',
          date: met,
          staffIds: [per.userId, kari.userId],
          pupils: ['Ola Nordmann'],
          notes: 'Uklare vurderingskriterier før prøver.',
          agreed: 'Kriteriene deles ut en uke før hver prøve.',
          periodEnd: schoolDayOnOrBefore(addDays(followUpDate(met, cal), -1), cal),
        }),
        'shot-b-2',
      ),
      'tillitselev meeting (b)',
    ).view.complaint.minutes.at(-1)!.minutesId;
    await svc.approve(per, SCHOOL, b.id, bMinutes);
    await svc.approve(kari, SCHOOL, b.id, bMinutes);
    must(await svc.confirmPupils(per, SCHOOL, b.id, bMinutes, ['Ola Nordmann']), 'pupils');
    must(await svc.saveFollowUp(per, SCHOOL, b.id, { heldOn: followUpDate(met, cal), outcome: 'ikke_bedret', note: 'Kriteriene kom for sent før to av prøvene.' }), 'follow-up');
    must(
      await svc.escalate(
        lars,
        SCHOOL,
        b.id,
        {
          text: 'Vi klager på vurderingen i naturfag: kriteriene for prøvene er fortsatt uklare, og de kommer for sent til at vi kan forberede oss.',
          reason: 'Forholdene har ikke bedret seg etter den avtalte perioden, og faglæreren er orientert om at vi går videre.',
          skipReason: '',
        },
        2,
      ),
      'written complaint',
    );
    const stage3 = await sayForCard(larsPage, `sak ${b.ref}`, `Klage på undervisning ${b.ref}`);
    await stage3.getByRole('button', { name: 'Orienter faglæreren' }).waitFor();
    await shoot(larsPage, stage3, 'teaching-complaint-written.png');
    console.log(`Wrote ${OUT}`);
  });
}

run(main);
