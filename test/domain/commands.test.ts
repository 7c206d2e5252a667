/** Typed commands: forgiving about spelling, case, punctuation and language form. */
import { parseCommand } from '../../src/domain/commands';

describe('commands', () => {
  it.each(['meld fra', 'Meld fra!', 'MELD FRA', 'meldfra', 'melde fra', 'meld ifra', 'meld frå', 'Meld fra om en elev i 8A', 'report'])('"%s" starts a report', (t) =>
    expect(parseCommand(t)).toEqual({ name: 'meld_fra' }));
  it.each(['mine saker', 'Mine saker.', 'mine sakar', 'my cases'])('"%s" lists my cases', (t) => expect(parseCommand(t)).toEqual({ name: 'mine_saker' }));
  it('"sak sm-2026-0042" opens that case, reference in capitals', () => expect(parseCommand('sak sm-2026-0042')).toEqual({ name: 'sak', ref: 'SM-2026-0042' }));
  it('"case SM-2026-0042" opens it too', () => expect(parseCommand('case SM-2026-0042')).toEqual({ name: 'sak', ref: 'SM-2026-0042' }));
  it.each([
    ['språk nynorsk', 'nn'],
    ['Språk bokmål', 'nb'],
    ['language english', 'en'],
    ['målform nynorsk', 'nn'],
    ['språk', undefined],
    ['språk klingon', undefined],
  ])('"%s" chooses %s', (t, lang) => expect(parseCommand(t)).toEqual({ name: 'sprak', lang }));
  it.each([
    ['kanal trinn 8', 'trinn', '8'],
    ['Kanal klasse 8a', 'klasse', '8A'],
    ['kanal skole', 'skole', ''],
    ['kanal skule', 'skole', ''],
    ['channel admin', 'admin', ''],
    ['kanal', undefined, ''],
    ['kanal trinn', undefined, ''],
    ['kanal skole 8', undefined, ''],
  ])('"%s" sets the channel for %s %s', (t, scope, target) => expect(parseCommand(t)).toEqual({ name: 'kanal', scope, target }));
  it('"elevsamtaler" (also nynorsk and English) opens the class’s pupil conversations', () => {
    for (const t of ['elevsamtaler', 'Elevsamtalar', 'pupil talks', 'startsamtaler']) expect(parseCommand(t)).toEqual({ name: 'elevsamtaler' });
  });
  it('"hjelp" and greetings give help without "I did not understand"', () => {
    for (const t of ['hjelp', 'help', 'Hei', '?']) expect(parseCommand(t)).toEqual({ name: 'hjelp', unknown: false });
  });
  it('anything else gives help that says it was not understood', () => expect(parseCommand('hva er klokka')).toEqual({ name: 'hjelp', unknown: true }));
});
