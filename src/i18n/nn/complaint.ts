import type { texts as nb } from '../nb/complaint';

/** Choosing which complaint routine applies. */
export const texts: typeof nb = {
  complaint: {
    title: 'Klage',
    intro: 'Vel kva klaga gjeld, så viser eg kva du skal gjere.',
    about: 'Klaga gjeld',
    kinds: {
      undervisning: 'Undervisninga i eit fag (klage frå elevar)',
      ansatt: 'Ein tilsett (klage frå elevar eller føresette)',
      krenker_elev: 'Mistanke om at ein tilsett krenkjer ein elev',
    },
    next: 'Gå vidare',
    colleagueTitle: 'Tilsette tek ikkje imot klager på kollegaer',
    colleague:
      'Ingen tilsette skal ta imot klage frå elevar eller foreldre på andre kollegaer. Be dei vende seg direkte til den det gjeld. Fører ikkje det fram, eller opplevest saka som særleg alvorleg, skal klaga rettast til avdelingsleiaren.',
    leaderTitle: 'Slik blir ei klage på ein tilsett behandla',
    leaderSteps:
      '1. Snakk med den som klagar, be om klaga skriftleg og fortel korleis saka går vidare.\n2. Informer den tilsette straks om klaga.\n3. Kall inn den tilsette til samtale; tilrå at den tillitsvalde er med.\n4. Meiner den tilsette at klaga er grunnlaus, gir leiinga klagaren beskjed.\n5. Felles møte med den tilsette (og tillitsvald) og klagaren: skriv ned og underteikn det partane blir samde om.\n6. Blir dei ikkje samde: vurder tiltak, til dømes rettleiar innanfor eit avtalt område og ein skriftleg avtale, med evaluering etter ei avtalt tid. Trengst det fleire møte, skal tillitsvalde vere til stades.\n7. Avviser den tilsette klaga eller rettleiinga: møte med tillitsvald til stades, og før møtebok (dato, deltakarar, synet til partane).',
    pupilTitle: 'Skjerpa aktivitetsplikt (opplæringslova § 12-5)',
    pupil:
      'Når nokon som arbeider på skolen, får mistanke om eller kjennskap til at ein tilsett krenkjer ein elev, skal rektor varslast straks. Gjeld det nokon i leiinga ved skolen, blir skoleeigaren varsla direkte: svar ja på det spørsmålet i skjemaet. Trykk «Meld frå no». Skjemaet er alt fylt ut med at ein tilsett er mistenkt.',
    reportNow: 'Meld frå no',
    teachingTitle: 'Klage på undervisning',
    teaching:
      'Klager på undervisninga følgjer rutinen til skolen i fem steg:\n1. Samtale med faglæraren.\n2. Møte mellom faglæraren og tillitseleven, med referat som partane godkjenner, og eit oppfølgingsmøte tre veker seinare.\n3. Blir det ikkje betre: skriftleg klage til leiaren med ansvar for elevoppfølging, med referata vedlagde.\n4. Leiaren informerer faglæraren, har samtalar med kvar av dei og eit felles møte.\n5. Rektor behandlar saka ut frå referata og løysingsforslaga.',
  },
};
