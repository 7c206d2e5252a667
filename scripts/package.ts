/**
 * `npm run package`: the Teams app package (build/appPackage.zip) from manifest/, with the
 * placeholders filled from the environment and everything checked against the official
 * schemas shipped by @microsoft/app-manifest, offline.
 *
 *   BOT_ID (or MicrosoftAppId)  the bot's Microsoft Entra app id
 *   BOT_DOMAIN                  the bot's public host name, e.g. meldfra.kommune.no
 *   TEAMS_APP_ID                the Teams app id (defaults to BOT_ID)
 *   DEVELOPER_NAME, WEBSITE_URL, PRIVACY_URL, TERMS_URL
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';

const ROOT = resolve(__dirname, '..');
export const MANIFEST_DIR = join(ROOT, 'manifest');
const SCHEMA_DIR = join(ROOT, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');
const LOCAL_BOT_ID = '00000000-0000-0000-0000-00000000b07f';

export interface PackageInput {
  values: Record<string, string>;
  /** True when nothing real was given: the package is only for local trials. */
  local: boolean;
}

export function valuesFrom(env: NodeJS.ProcessEnv): PackageInput {
  const botId = env.BOT_ID || env.MicrosoftAppId || '';
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const domain = env.BOT_DOMAIN || '';
  return {
    local: !botId || !domain,
    values: {
      BOT_ID: botId || LOCAL_BOT_ID,
      TEAMS_APP_ID: env.TEAMS_APP_ID || botId || LOCAL_BOT_ID,
      BOT_DOMAIN: domain || 'localhost',
      APP_VERSION: env.APP_VERSION || version,
      DEVELOPER_NAME: env.DEVELOPER_NAME || 'Meld fra',
      WEBSITE_URL: env.WEBSITE_URL || `https://${domain || 'localhost'}/`,
      PRIVACY_URL: env.PRIVACY_URL || `https://${domain || 'localhost'}/personvern`,
      TERMS_URL: env.TERMS_URL || `https://${domain || 'localhost'}/vilkar`,
    },
  };
}

/** Replaces ${{NAME}}; refuses when a placeholder has no value. */
export function fill(template: string, values: Record<string, string>): string {
  const missing = new Set<string>();
  const out = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    if (values[name] === undefined) missing.add(name);
    return values[name] ?? '';
  });
  if (missing.size) throw new Error(`The manifest needs a value for ${[...missing].join(', ')}: set it in the environment.`);
  return out;
}

export interface Problem {
  file: string;
  message: string;
}

const schemaFor = (version: string, kind: 'MicrosoftTeams' | 'MicrosoftTeams.Localization') =>
  JSON.parse(readFileSync(join(SCHEMA_DIR, `v${version}`, `${kind}.schema.json`), 'utf8')) as object;

function check(file: string, data: unknown, schema: object): Problem[] {
  // The official schemas hold patterns that are valid without the u flag only.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => ({ file, message: `${e.instancePath || '/'} ${e.message ?? ''}`.trim() }));
}

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString('ascii') !== 'PNG') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Every problem Teams would refuse the package for, that we can see offline. */
export function validatePackage(files: Record<string, Buffer>): Problem[] {
  const problems: Problem[] = [];
  const manifest = JSON.parse(files['manifest.json'].toString('utf8')) as {
    manifestVersion: string;
    icons: { color: string; outline: string };
    localizationInfo?: { additionalLanguages?: { file: string }[] };
  };
  problems.push(...check('manifest.json', manifest, schemaFor(manifest.manifestVersion, 'MicrosoftTeams')));
  for (const l of manifest.localizationInfo?.additionalLanguages ?? []) {
    if (!files[l.file]) problems.push({ file: l.file, message: 'is named in localizationInfo but missing' });
    else problems.push(...check(l.file, JSON.parse(files[l.file].toString('utf8')), schemaFor(manifest.manifestVersion, 'MicrosoftTeams.Localization')));
  }
  const icon = (name: string, size: number) => {
    const png = files[name];
    if (!png) return problems.push({ file: name, message: 'is missing' });
    const s = pngSize(png);
    if (s.width !== size || s.height !== size) problems.push({ file: name, message: `must be ${size}×${size} pixels, is ${s.width}×${s.height}` });
  };
  icon(manifest.icons.color, 192);
  icon(manifest.icons.outline, 32);
  return problems;
}

export function packageFiles(values: Record<string, string>): Record<string, Buffer> {
  const read = (f: string) => readFileSync(join(MANIFEST_DIR, f));
  const manifestText = fill(read('manifest.json').toString('utf8'), values);
  const manifest = JSON.parse(manifestText) as { icons: { color: string; outline: string }; localizationInfo?: { additionalLanguages?: { file: string }[] } };
  const files: Record<string, Buffer> = { 'manifest.json': Buffer.from(manifestText) };
  for (const f of [manifest.icons.color, manifest.icons.outline]) files[f] = read(f);
  for (const l of manifest.localizationInfo?.additionalLanguages ?? []) files[l.file] = Buffer.from(fill(read(l.file).toString('utf8'), values));
  return files;
}

export async function zip(files: Record<string, Buffer>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(files)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function main() {
  const input = valuesFrom(process.env);
  const files = packageFiles(input.values);
  const problems = validatePackage(files);
  if (problems.length) {
    console.error('The app package is not valid:');
    for (const p of problems) console.error(`  ${p.file}: ${p.message}`);
    process.exit(1);
  }
  const out = join(ROOT, 'build');
  mkdirSync(join(out, 'appPackage'), { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(out, 'appPackage', name), data);
  writeFileSync(join(out, 'appPackage.zip'), await zip(files));
  if (input.local) console.warn('Note: BOT_ID/MicrosoftAppId or BOT_DOMAIN is not set, so this package is for local trials only.');
  console.log(`Wrote ${join(out, 'appPackage.zip')} (manifest ${JSON.parse(files['manifest.json'].toString()).manifestVersion}, bot ${input.values.BOT_ID})`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
