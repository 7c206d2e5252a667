import type { texts as nb } from '../nb/annual';

/** The annual routine tasks. */
export const texts: typeof nb = {
  annual: {
    title: 'Årshjulet for skolemiljøarbeidet – {school}',
    intro: 'Faste oppgåver i skoleåret {years} (planen for skolemiljøarbeidet, kap. 3, 4 og 7). Kvar oppgåve blir posta i kanalen til skolen på dagen.',
    off: '(slått av)',
    edit: 'Endre årshjulet',
    editTitle: 'Endre årshjulet – {school}',
    editIntro: 'Flytt ei oppgåve ved å velje ny dato, eller slå ho av. Nedst kan du leggje til ei eiga oppgåve.',
    active: 'Med i årshjulet',
    newHeading: 'Ny oppgåve (valfritt)',
    newTitle: 'Oppgåve',
    newDate: 'Dato',
    newDescription: 'Skildring',
    remove: 'Fjern eigne oppgåver som er slått av',
    back: 'Tilbake til årshjulet',
    save: 'Lagre årshjulet',
    saved: 'Årshjulet er lagra.',
    notAllowed: 'Berre rektor eller administratoren til skolen kan endre årshjulet. Ingenting er endra.',
    notStaff: 'Årshjulet er for tilsette ved skolen.',
    postTitle: 'Årshjulet: {title}',
    noChannel: 'Skriv «@Meld frå kanal skole» i kanalen der oppgåvene skal postast.',
    errors: { required: 'Må fyllast ut.', invalid: 'Ugyldig dato.', tooLong: 'Kan ikkje vere lengre enn {limit} teikn.', tooMany: 'Høgst {limit} oppgåver.' },
    tasks: {
      kap12_ansatte: ['Informasjon om kapittel 12 til alle tilsette', 'Alle tilsette får felles informasjon om kapittel 12 ved oppstarten av skoleåret (planleggingsveka).'],
      kap12_elever: ['Informasjon om kapittel 12 til elevane', 'Alle elevar får informasjon om kapittel 12 ved skolestart. Klassane lagar klassereglar og arbeider med eit godt klassefellesskap.'],
      kap12_foresatte: ['Informasjon om kapittel 12 på foreldremøta', 'Alle føresette får informasjon om kapittel 12 på foreldremøta om hausten.'],
      sosiogram_host: ['Sosiogram og relasjonskartlegging (haust)', 'Faste undersøkingar kvart semester: sosiogram/relasjonskartlegging i alle klassar.'],
      utviklingssamtaler_host: ['Utviklingssamtalar (haust)', 'Utviklingssamtalar to gonger i året. Trygt og godt skolemiljø er tema for kvar elev.'],
      elevundersokelsen: ['Oppfølging av Elevundersøkinga', 'Leiinga analyserer resultata og legg dei fram for teama. Klassane vel tiltak, elevrådet og FAU blir involverte.'],
      sosiogram_var: ['Sosiogram og relasjonskartlegging (vår)', 'Faste undersøkingar kvart semester: sosiogram/relasjonskartlegging i alle klassar.'],
      utviklingssamtaler_var: ['Utviklingssamtalar (vår)', 'Utviklingssamtalar to gonger i året. Trygt og godt skolemiljø er tema for kvar elev.'],
      evaluering_plan: ['Evaluering av planen for skolemiljøarbeidet', 'Planen blir evaluert kvart år før sommarferien av elevrådet, dei tilsette, FAU og driftsstyret. Leiinga oppdaterer planen før nytt skoleår.'],
    },
  },
};
