/**
 * The command menu Teams shows above the compose box: every entry, in bokmål, nynorsk and English,
 * is a word the bot understands (the menu sends the title as the message), the routines a
 * kontaktlærer or leader starts from the personal chat are all there (with the school owner's and
 * rektor's «oversikt»; «språk» gave it its place: it is chosen once, Teams' own language is used
 * until then, and «hjelp» lists it), and no list passes the limit
 * Microsoft documents: «up to 10 commands» per command list (Teams docs, «Create a commands menu»;
 * the v1.24 JSON schema allows 12, the documented 10 is the stricter).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../../src/domain/commands';
import { packageFiles, valuesFrom } from '../../scripts/package';

const files = packageFiles(valuesFrom({ BOT_ID: '2d1c5f0e-1111-4222-8333-444455556666', BOT_DOMAIN: 'meldfra.oslo.kommune.no' }).values);
const json = (name: string) => JSON.parse(files[name].toString('utf8')) as Record<string, unknown>;
const manifest = json('manifest.json') as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[]; webApplicationInfo?: unknown };
const lists = manifest.bots[0].commandLists;

/** [language, list index, title] for every command of every language file. */
function titles(): [string, number, string][] {
  const out: [string, number, string][] = [];
  lists.forEach((l, i) => l.commands.forEach((c) => out.push(['nb', i, c.title])));
  for (const f of ['nn-NO.json', 'en-US.json'])
    for (const [k, v] of Object.entries(json(f))) {
      const m = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[\d+\]\.title$/.exec(k);
      if (m) out.push([f.slice(0, 2), Number(m[1]), String(v)]);
    }
  return out;
}

describe('the command menu', () => {
  it('offers the routines from the personal chat: permisjon, elevsamtaler, årshjul, klage, oversikt', () => {
    const personal = lists.find((l) => l.scopes.includes('personal'))!;
    const names = personal.commands.map((c) => parseCommand(c.title).name);
    expect(names).toEqual(expect.arrayContaining(['permisjon', 'elevsamtaler', 'arshjul', 'klage', 'oversikt', 'meld_fra', 'mine_saker']));
  });

  it('holds at most 10 commands per list', () => {
    for (const l of lists) expect({ scopes: l.scopes, count: l.commands.length <= 10 }).toEqual({ scopes: l.scopes, count: true });
  });

  it('sends only words the bot understands, in every language, as the same command as in bokmål', () => {
    const all = titles();
    expect(all.length).toBe(3 * lists.reduce((n, l) => n + l.commands.length, 0));
    for (const [lang, , title] of all) {
      const cmd = parseCommand(title);
      // Teams puts the title in the compose box, where "sak" gets its reference before it is sent.
      const understood = cmd.name !== 'hjelp' || !cmd.unknown || parseCommand(`${title} SM-2026-0042`).name === 'sak';
      expect({ lang, title, understood }).toEqual({ lang, title, understood: true });
    }
    for (const f of ['nn-NO.json', 'en-US.json']) {
      const local = json(f);
      lists.forEach((l, i) =>
        l.commands.forEach((c, j) => {
          const other = String(local[`bots[0].commandLists[${i}].commands[${j}].title`]);
          expect({ f, nb: c.title, same: parseCommand(other).name === parseCommand(c.title).name }).toEqual({ f, nb: c.title, same: true });
        }),
      );
    }
  });

  it('asks Teams for no single sign-on (webApplicationInfo) while no code uses a user token', () => {
    const src = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? src(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const usesSso = src(join(__dirname, '..', '..', 'src')).some((f) => /OAuthPrompt|getUserToken|signin\/tokenExchange/.test(readFileSync(f, 'utf8')));
    expect(usesSso).toBe(false);
    expect(manifest.webApplicationInfo).toBeUndefined();
  });
});
