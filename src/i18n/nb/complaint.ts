/** Choosing which complaint routine applies. */
export const texts = {
  complaint: {
    title: 'Klage',
    intro: 'Velg hva klagen gjelder, så viser jeg hva du skal gjøre.',
    about: 'Klagen gjelder',
    kinds: {
      undervisning: 'Undervisningen i et fag (klage fra elever)',
      ansatt: 'En ansatt (klage fra elever eller foresatte)',
      krenker_elev: 'Mistanke om at en ansatt krenker en elev',
    },
    next: 'Gå videre',
    colleagueTitle: 'Ansatte tar ikke imot klager på kolleger',
    colleague:
      'Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger. Be dem henvende seg direkte til den det gjelder. Fører ikke det fram, eller oppleves saken som særlig alvorlig, skal klagen rettes til avdelingsleder.',
    leaderTitle: 'Slik behandles en klage på en ansatt',
    leaderSteps:
      '1. Snakk med den som klager, be om klagen skriftlig og fortell hvordan saken går videre.\n2. Informer den ansatte straks om klagen.\n3. Kall inn den ansatte til samtale; anbefal at den tillitsvalgte er med.\n4. Mener den ansatte at klagen er grunnløs, gir ledelsen klageren beskjed.\n5. Felles møte med den ansatte (og tillitsvalgt) og klageren: skriv ned og undertegn det partene blir enige om.\n6. Blir de ikke enige: vurder tiltak, for eksempel veileder innenfor et avtalt område og en skriftlig avtale, med evaluering etter en avtalt tid. Trengs det flere møter, skal tillitsvalgte være til stede.\n7. Avviser den ansatte klagen eller veiledningen: møte med tillitsvalgt til stede, og før møtebok (dato, deltakere, partenes syn).',
    pupilTitle: 'Skjerpet aktivitetsplikt (opplæringsloven § 12-5)',
    pupil:
      'Når noen som arbeider på skolen, får mistanke om eller kjennskap til at en ansatt krenker en elev, skal rektor varsles straks. Gjelder det noen i skolens ledelse, varsles skoleeier direkte: svar ja på det spørsmålet i skjemaet. Trykk «Meld fra nå». Skjemaet er allerede fylt ut med at en ansatt er mistenkt.',
    reportNow: 'Meld fra nå',
    teachingTitle: 'Klage på undervisning',
    teaching:
      'Klager på undervisningen følger skolens rutine i fem trinn:\n1. Samtale med faglæreren.\n2. Møte mellom faglæreren og tillitseleven, med referat som partene godkjenner, og et oppfølgingsmøte tre uker senere.\n3. Blir det ikke bedre: skriftlig klage til lederen med ansvar for elevoppfølging, med referatene vedlagt.\n4. Lederen informerer faglæreren, har samtaler med hver av dem og et felles møte.\n5. Rektor behandler saken ut fra referatene og løsningsforslagene.',
  },
};
