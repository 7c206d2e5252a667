/** The Teams app package, checked offline against the official schemas in @microsoft/app-manifest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { fill, packageFiles, pngSize, validatePackage, valuesFrom, zip } from '../../scripts/package';

const env = { BOT_ID: '2d1c5f0e-1111-4222-8333-444455556666', BOT_DOMAIN: 'meldfra.oslo.kommune.no' };

async function unzipped(values = valuesFrom(env).values): Promise<Record<string, Buffer>> {
  const z = await JSZip.loadAsync(await zip(packageFiles(values)));
  const out: Record<string, Buffer> = {};
  for (const name of Object.keys(z.files)) out[name] = await z.file(name)!.async('nodebuffer');
  return out;
}
const json = (b: Buffer) => JSON.parse(b.toString('utf8'));

/** Alpha and colour of every pixel of an unfiltered RGBA PNG (as make-icons writes). */
function pixels(png: Buffer): { r: number; g: number; b: number; a: number }[] {
  const { width, height } = pngSize(png);
  const start = png.indexOf('IDAT') + 4;
  const raw = inflateSync(png.subarray(start, png.indexOf('IEND') - 8));
  const out = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * (width * 4 + 1) + 1 + x * 4;
      out.push({ r: raw[i], g: raw[i + 1], b: raw[i + 2], a: raw[i + 3] });
    }
  return out;
}

describe('the app package', () => {
  it('validates against the official manifest and localization schemas, with both icons at Teams sizes', async () => {
    const files = await unzipped();
    expect(Object.keys(files).sort()).toEqual(['color.png', 'en-US.json', 'manifest.json', 'nn-NO.json', 'outline.png']);
    expect(validatePackage(files)).toEqual([]);
    expect(pngSize(files['color.png'])).toEqual({ width: 192, height: 192 });
    expect(pngSize(files['outline.png'])).toEqual({ width: 32, height: 32 });
  });

  it('fills the bot id, app id, domain and version from the environment', async () => {
    const m = json((await unzipped())['manifest.json']);
    expect(m.bots[0].botId).toBe(env.BOT_ID);
    expect(m.id).toBe(env.BOT_ID);
    expect(m.validDomains).toEqual([env.BOT_DOMAIN]);
    expect(m.version).toBe(json(readFileSync(join(__dirname, '..', '..', 'package.json'))).version);
    expect(JSON.stringify(m)).not.toContain('${{');
  });

  it('offers the bot in personal chat, teams and group chats, with "meld fra" in every command list', async () => {
    const m = json((await unzipped())['manifest.json']);
    expect(m.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of m.bots[0].commandLists) expect(list.commands.map((c: { title: string }) => c.title)).toContain('meld fra');
    const personal = m.bots[0].commandLists.find((l: { scopes: string[] }) => l.scopes.includes('personal'));
    expect(personal.commands.map((c: { title: string }) => c.title)).toEqual(expect.arrayContaining(['mine saker', 'sak', 'hjelp']));
  });

  it('has nynorsk and English names and commands for every bokmål command', async () => {
    const files = await unzipped();
    const m = json(files['manifest.json']);
    expect(m.localizationInfo.additionalLanguages.map((l: { languageTag: string }) => l.languageTag)).toEqual(['nn-no', 'en-us']);
    const nn = json(files['nn-NO.json']);
    expect(nn['bots[0].commandLists[0].commands[0].title']).toBe('meld frå');
    const count = m.bots[0].commandLists.reduce((n: number, l: { commands: unknown[] }) => n + l.commands.length, 0);
    for (const f of ['nn-NO.json', 'en-US.json']) expect(Object.keys(json(files[f])).filter((k) => k.endsWith('.title'))).toHaveLength(count);
  });

  it('has a white-on-transparent outline icon', async () => {
    const px = pixels((await unzipped())['outline.png']);
    expect(px.filter((p) => p.a === 0).length).toBeGreaterThan(px.length / 2);
    expect(px.filter((p) => p.a > 0).every((p) => p.r === 255 && p.g === 255 && p.b === 255)).toBe(true);
  });

  it('refuses a placeholder without a value, naming it', () => {
    expect(() => fill('{"botId":"${{BOT_ID}}","x":"${{SECRET_THING}}"}', { BOT_ID: 'a' })).toThrow('The manifest needs a value for SECRET_THING');
  });

  it('names the schema error when the manifest is wrong', async () => {
    const files = await unzipped();
    const m = json(files['manifest.json']);
    m.name.short = 'Meld fra – et altfor langt kortnavn';
    delete m.bots[0].botId;
    const problems = validatePackage({ ...files, 'manifest.json': Buffer.from(JSON.stringify(m)) });
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'manifest.json', message: '/name/short must NOT have more than 30 characters' },
        { file: 'manifest.json', message: "/bots/0 must have required property 'botId'" },
      ]),
    );
  });

  it('names an icon of the wrong size', async () => {
    const files = await unzipped();
    const problems = validatePackage({ ...files, 'outline.png': files['color.png'] });
    expect(problems).toEqual([{ file: 'outline.png', message: 'must be 32×32 pixels, is 192×192' }]);
  });
});
