/**
 * Writes a realistic sample of the archive export (a skolemiljø case in bokmål) as PDF, to look at
 * the layout: `npx tsx scripts/render-archive-sample.ts [out.pdf]` (default build/archive-sample.pdf).
 * Every name and event in it is invented.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveDocument, ArchiveSection } from '../src/app/archive-model';
import { renderArchivePdf } from '../src/adapters/export/archive-pdf';

const PLAN_COLUMNS = ['Nivå', 'Tiltak', 'Når', 'Ansvarlig'];

function plan(version: number, adopted: string, measures: string[][], purpose: string, evaluation: string): ArchiveSection {
  return {
    heading: `Aktivitetsplan, versjon ${version} (vedtatt ${adopted})`,
    facts: [
      ['Vedtatt', `${adopted} av rektor Kari Holm`],
      ['Problem', 'Ola blir holdt utenfor i friminuttene og i gruppearbeid, og får nedsettende kommentarer i klassens chat («ingen vil ha deg med», «flytt til en annen skole»).'],
      ['Mål', purpose],
      ['Evaluering', evaluation],
    ],
    table: { columns: PLAN_COLUMNS, rows: measures },
  };
}

const measuresV1: string[][] = [
  ['Individ', 'Samtale med Ola hver uke om hvordan han har det på skolen, i friminuttene og på skoleveien. Ola skal selv få si hva som hjelper og hva som ikke gjør det.', 'Hver mandag, uke 42–47', 'Kontaktlærer Lars Eide'],
  ['Gruppe', 'Samtaler med de tre elevene som er nevnt i meldingen, hver for seg og deretter sammen, om hvordan de skal oppføre seg mot Ola. Foreldrene informeres samme dag.', 'Uke 42', 'Rektor Kari Holm og kontaktlærer'],
  ['Klasse', 'Faste grupper i gruppearbeid, satt sammen av læreren, og klasseregler om chatten laget sammen med elevene i klassens time.', 'Fra 20.10.2026', 'Kontaktlærer Lars Eide'],
  ['Skole', 'Økt voksentilstedeværelse i friminuttene ved ballbingen og bak gymsalen, der Ola sier at det skjer. Inspeksjonsplanen endres.', 'Fra 20.10.2026', 'Inspektør Nina Bakke'],
  ['Hjem–skole', 'Ukentlig kontakt med foreldrene (telefon eller melding i Visma) om hvordan uken har vært.', 'Hver fredag', 'Kontaktlærer Lars Eide'],
];

const measuresV2: string[][] = [
  ['Individ', 'Samtaler med Ola fortsetter, nå annenhver uke, og skolehelsetjenesten tilbyr Ola samtaler med helsesykepleier Anne Berg.', 'Annenhver mandag fra uke 48', 'Kontaktlærer Lars Eide; helsesykepleier Anne Berg'],
  ['Gruppe', 'Oppfølgingssamtale med to av elevene etter nye hendelser i chatten 18.11.2026. Foreldremøte med disse elevenes foreldre.', 'Uke 48', 'Rektor Kari Holm'],
  ['Klasse', 'Undervisningsopplegg om digital dømmekraft og nettvett i tre økter (MOT-opplegget «Mot til å bry seg»). Klassereglene for chatten evalueres med elevene.', 'Uke 48–50', 'Kontaktlærer og sosiallærer Per Lunde'],
  ['Skole', 'Voksentilstedeværelsen i friminuttene fortsetter. Inspeksjonsvaktene melder fra til kontaktlærer samme dag om de ser noe.', 'Ut skoleåret', 'Inspektør Nina Bakke'],
  ['Hjem–skole', 'Møte med foreldrene hver fjerde uke i tillegg til den ukentlige kontakten.', 'Neste møte 16.12.2026', 'Kontaktlærer Lars Eide'],
];

const LARS = 'Lars Eide (kontaktlærer)';
const KARI = 'Kari Holm (rektor)';
const NINA = 'Nina Bakke (inspektør)';
const PER = 'Per Lunde (sosiallærer)';
const APP = 'Meld fra';

/** The case log: when, what, by whom. */
const CASE_LOG: string[][] = [
  ['12.10.2026 kl. 09.12', 'Melding sendt inn.', LARS],
  ['12.10.2026 kl. 09.12', 'Rektor varslet i Teams (§ 12-4 andre ledd).', APP],
  ['12.10.2026 kl. 10.05', 'Rektor har lest meldingen.', KARI],
  ['12.10.2026 kl. 10.09', 'Undersøkelse besluttet; Lars Eide er saksbehandler.', KARI],
  ['13.10.2026 kl. 11.30', 'Samtale med Ola; referat lagt inn.', LARS],
  ['13.10.2026 kl. 15.02', 'Foreldrene (mor og far) orientert på telefon.', LARS],
  ['14.10.2026 kl. 10.20', 'Observasjon i friminutt ved ballbingen; notat lagt inn.', PER],
  ['15.10.2026 kl. 10.25', 'Observasjon i friminutt ved ballbingen; notat lagt inn.', PER],
  ['15.10.2026 kl. 12.40', 'Samtaler med tre medelever hver for seg; referat lagt inn.', LARS],
  ['15.10.2026 kl. 14.15', 'Foreldrene til de tre medelevene orientert.', KARI],
  ['16.10.2026 kl. 14.00', 'Møte med Olas foreldre; referat lagt inn.', LARS],
  ['16.10.2026 kl. 16.30', 'Skjermbilder fra klassens chat mottatt fra mor og lagt ved saken.', LARS],
  ['19.10.2026 kl. 08.45', 'Undersøkelsen avsluttet: Ola har ikke et trygt og godt skolemiljø.', KARI],
  ['19.10.2026 kl. 15.00', 'Møte med Ola og mor om aktivitetsplanen.', LARS],
  ['19.10.2026 kl. 15.55', 'Aktivitetsplan versjon 1 vedtatt.', KARI],
  ['19.10.2026 kl. 16.02', 'Aktivitetsplanen sendt til foreldrene.', APP],
  ['20.10.2026 kl. 08.00', 'Inspeksjonsplanen endret (ballbingen og bak gymsalen).', NINA],
  ['20.10.2026 kl. 12.10', 'Klasseregler for chatten laget i klassens time.', LARS],
  ['26.10.2026 kl. 09.00', 'Ukentlig samtale med Ola; notat lagt inn.', LARS],
  ['30.10.2026 kl. 14.30', 'Ukentlig kontakt med foreldrene.', LARS],
  ['02.11.2026 kl. 09.00', 'Ukentlig samtale med Ola; notat lagt inn.', LARS],
  ['09.11.2026 kl. 09.00', 'Ukentlig samtale med Ola; notat lagt inn.', LARS],
  ['16.11.2026 kl. 08.00', 'Påminnelse: evaluering av aktivitetsplanen om sju dager.', APP],
  ['18.11.2026 kl. 19.40', 'Mor melder om nye meldinger i klassens chat.', LARS],
  ['19.11.2026 kl. 11.15', 'Samtale med to medelever om meldingene i chatten.', KARI],
  ['19.11.2026 kl. 13.05', 'Evalueringsmøte booket i Outlook (Teams-møte) 23.11.2026 kl. 14.30.', LARS],
  ['23.11.2026 kl. 14.30', 'Evalueringsmøte med Ola og foreldrene.', LARS],
  ['23.11.2026 kl. 15.20', 'Evaluering av versjon 1 registrert.', LARS],
  ['24.11.2026 kl. 10.40', 'Helsesykepleier Anne Berg involvert etter samtykke fra foreldrene.', PER],
  ['24.11.2026 kl. 12.00', 'Aktivitetsplan versjon 2 vedtatt.', KARI],
  ['24.11.2026 kl. 12.01', 'Aktivitetsplanen sendt til foreldrene.', APP],
  ['25.11.2026 kl. 14.05', 'Saken skrevet ut for arkivering.', KARI],
];

const SAMPLE: ArchiveDocument = {
  lang: 'nb',
  title: 'Sak SM-2026-0001 – elevens skolemiljø (opplæringsloven § 12-4)',
  school: 'Ellingsrud skole',
  confidentiality: 'Unntatt offentlighet, jf. offl. § 13 og fvl. § 13',
  generated: 'Skrevet ut 25.11.2026 kl. 14.05 av Kari Holm (rektor)',
  pageLabel: 'Side {page} av {pages}',
  sections: [
    {
      heading: 'Meldingen',
      facts: [
        ['Elev', 'Ola Nordmann, 7B'],
        ['Meldt av', 'Lars Eide, kontaktlærer'],
        ['Meldt', '12.10.2026 kl. 09.12'],
        ['Gjelder', 'Utestenging og nedsettende kommentarer fra medelever, også på nett'],
        ['Mistanke om krenkelse fra ansatt', 'Nei'],
        ['Hva skjedde', 'Ola fortalte etter gymtimen at han ikke får være med i fotballen i friminuttene. «De sier at jeg ødelegger.» Han sier at det har pågått siden høstferien.\nMor har også ringt skolen og fortalt at Ola ikke vil gå på skolen om morgenen.'],
        ['Hvor', 'Ballbingen, garderoben og klassens gruppechat'],
      ],
    },
    {
      heading: 'Ruting og beslutninger',
      facts: [
        ['Rektor varslet', '12.10.2026 kl. 09.12 (automatisk, i Teams)'],
        ['Saksbehandler', 'Lars Eide, kontaktlærer'],
        ['Undersøkelse', 'Besluttet 12.10.2026 av Kari Holm: «Undersøk saken straks, jf. § 12-4 tredje ledd.»'],
        ['Aktivitetsplan', 'Besluttet 19.10.2026: Ola har ikke et trygt og godt skolemiljø; tiltak settes inn.'],
      ],
    },
    {
      heading: 'Undersøkelse',
      facts: [
        ['Periode', '12.10.2026–19.10.2026'],
        ['Utført av', 'Lars Eide og Per Lunde'],
      ],
      paragraphs: [
        'Kontaktlærer hadde samtale med Ola 13.10.2026. Ola fortalte at tre elever i klassen sier at han ikke kan være med i fotballen, og at de skriver stygge ting om ham i klassens gruppechat. Han har skjermbilder som mor har tatt vare på.',
        'Sosiallærer observerte friminuttene 14. og 15.10.2026. Ola sto alene ved gjerdet begge dagene. Da han spurte om å få være med, ble han avvist.\nInspeksjonsvaktene har ikke sett dette tidligere, fordi ballbingen ligger utenfor deres faste område.',
        'Samtaler med de tre elevene 15.10.2026 bekrefter langt på vei Olas beskrivelse. To av dem sier at det «bare var tull». Foreldrene til alle tre er informert.',
        'Konklusjon: Skolen mener Ola ikke har et trygt og godt skolemiljø, og at skolen må sette inn tiltak (§ 12-4 fjerde ledd). Olas egen opplevelse er avgjørende.',
      ],
    },
    {
      heading: 'Aktivitetsplaner',
      subsections: [
        plan(1, '19.10.2026', measuresV1, 'Ola skal oppleve å høre til i klassen, kunne være med i friminuttene og slippe kommentarer i chatten. Målet er at Ola innen jul sier at han gleder seg til å gå på skolen.', 'Uke 47, i møte med Ola og foreldrene'),
        plan(2, '24.11.2026', measuresV2, 'Som i versjon 1. I tillegg: Ola skal ha en voksen han kan gå til, og chatten skal være fri for nedsettende kommentarer.', 'Uke 51, i møte med Ola og foreldrene'),
      ],
    },
    {
      heading: 'Evalueringer',
      subsections: [
        {
          heading: 'Evaluering av versjon 1 (23.11.2026)',
          facts: [
            ['Elevens stemme', 'Ola sier at det er bedre i friminuttene, men at «chatten er like ille». Han vil fortsatt ha samtalene med kontaktlærer.'],
            ['Foreldrenes syn', 'Foreldrene ser bedring hjemme, men er bekymret for nye meldinger i chatten 18.11.'],
            ['Vurdering', 'Tiltakene på skole- og klassenivå virker. Tiltaket mot chatten har ikke virket godt nok; planen endres (versjon 2).'],
          ],
        },
      ],
    },
    {
      heading: 'Møter',
      table: {
        columns: ['Dato', 'Møte', 'Deltakere', 'Referat'],
        rows: [
          ['16.10.2026 kl. 14.00', 'Samtale med foreldrene', 'Mor, far, Lars Eide', 'Foreldrene orientert om undersøkelsen. De ønsker ukentlig kontakt.'],
          ['19.10.2026 kl. 15.00', 'Aktivitetsplan gjennomgått', 'Ola, mor, Lars Eide, Kari Holm', 'Planen gjennomgått. Ola fikk si hva som er viktig for ham; han ønsker at de voksne er i ballbingen.'],
          ['23.11.2026 kl. 14.30', 'Evaluering (Teams-møte)', 'Ola, mor, far, Lars Eide, Per Lunde', 'Se evalueringen over. Enighet om å endre planen.'],
        ],
      },
    },
    {
      heading: 'Sakslogg',
      table: { columns: ['Tidspunkt', 'Hendelse', 'Av'], rows: CASE_LOG },
    },
  ],
};

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join('build', 'archive-sample.pdf');
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  const pdf = await renderArchivePdf(SAMPLE);
  await writeFile(out, pdf);
  console.log(`wrote ${out} (${pdf.length} bytes)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
