/**
 * Reading the deployment files as text, for test/infra: main.bicep's parameters, variables,
 * resources and app settings, and a small evaluator for the expressions resource names use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { loadConfig } from '../../src/config';

export const ROOT = join(__dirname, '..', '..');
export const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
export const bicep = read('infra/main.bicep');
export const parametersFile = JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, { value: unknown }> };
export const agentsYml = read('m365agents.yml');
export const envDev = read('env/.env.dev');
export const dockerfile = read('Dockerfile');

// ---------------------------------------------------------------------------------------------
// Reading main.bicep
// ---------------------------------------------------------------------------------------------

export interface Param {
  type: string;
  default?: string;
  decorators: string[];
}

/** Top-level params with their default expression and the decorator lines above them. */
export function bicepParams(src: string): Map<string, Param> {
  const out = new Map<string, Param>();
  let decorators: string[] = [];
  for (const line of src.split('\n')) {
    const m = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/.exec(line);
    if (m) {
      out.set(m[1], { type: m[2], default: m[3]?.trim(), decorators });
      decorators = [];
    } else if (line.startsWith('@') || (decorators.length > 0 && /^(\s+\S|\]\))/.test(line))) decorators.push(line);
    else decorators = [];
  }
  return out;
}

export const params = bicepParams(bicep);
export const allowedValues = (p: Param): string[] | undefined => {
  const start = p.decorators.findIndex((d) => d.startsWith('@allowed('));
  if (start < 0) return undefined;
  const end = p.decorators.findIndex((d, i) => i > start && d.startsWith('])'));
  return p.decorators.slice(start, end + 1).flatMap((d) => [...d.matchAll(/'([^']*)'/g)].map((m) => m[1]));
};
export const decoratorNumber = (p: Param, name: string): number | undefined => {
  const d = p.decorators.find((x) => x.startsWith(`@${name}(`));
  return d ? Number(/\((\d+)\)/.exec(d)![1]) : undefined;
};
export const isSecure = (p: Param) => p.decorators.includes('@secure()');

/** Single-line `var x = ...` declarations. */
export const vars = new Map([...bicep.matchAll(/^var (\w+) = (.+)$/gm)].map((m) => [m[1], m[2].trim()]));

export function stringArrayVar(name: string): string[] {
  const m = new RegExp(`^var ${name} = \\[\\n([\\s\\S]*?)\\n\\]`, 'm').exec(bicep);
  if (!m) throw new Error(`var ${name} (a multi-line array) not found in infra/main.bicep`);
  return m[1].split('\n').map((l) => /^\s*'([^']*)'\s*$/.exec(l)![1]);
}

/** The text of `resource <symbol> '...' = ... { ... }`, braces matched. */
export function resource(symbol: string): { type: string; body: string } {
  const m = new RegExp(`^resource ${symbol} '([^@']+)@[^']+' = `, 'm').exec(bicep);
  if (!m) throw new Error(`resource ${symbol} not found in infra/main.bicep`);
  let depth = 0;
  for (let i = bicep.indexOf('{', m.index); i < bicep.length; i++) {
    if (bicep[i] === '{') depth++;
    else if (bicep[i] === '}' && --depth === 0) return { type: m[1], body: bicep.slice(m.index, i + 1) };
  }
  throw new Error(`resource ${symbol} is not closed`);
}

/** `key: expression` of the web app's settings (both objects of the union). */
export function appSettings(): Map<string, string> {
  const { type, body } = resource('appSettings');
  expect(type).toBe('Microsoft.Web/sites/config');
  expect(body).toMatch(/name: 'appsettings'/);
  const settings = body.slice(body.indexOf('\n', body.indexOf('properties:')), body.indexOf('dependsOn:'));
  return new Map([...settings.matchAll(/^\s*([A-Za-z_]\w*): (.+)$/gm)].map((m) => [m[1], m[2].trim()]));
}

export type Value = string | number | { [k: string]: Value };

/**
 * Evaluates the small part of Bicep's expression language that resource names use: strings with
 * ${} interpolation, params, vars, take(), toLower(), uniqueString(), resourceGroup().id.
 */
export function evaluate(expression: string, paramValues: Record<string, string | number>): Value {
  const fns: Record<string, (...a: Value[]) => Value> = {
    take: (v, n) => String(v).slice(0, Number(n)),
    toLower: (v) => String(v).toLowerCase(),
    // Azure's is 13 base-32 characters; starting with a digit is the harder case for name rules.
    uniqueString: () => '0abcdefghijkl',
    resourceGroup: () => ({ id: '/subscriptions/s/resourceGroups/rg', location: 'norwayeast' }),
  };
  const lookup = (id: string): Value => {
    if (id in paramValues) return paramValues[id];
    if (vars.has(id)) return evaluate(vars.get(id)!, paramValues);
    throw new Error(`cannot evaluate ${id}`);
  };
  let i = 0;
  const s = expression;
  const ws = () => {
    while (/\s/.test(s[i] ?? '')) i++;
  };
  const str = (): string => {
    let out = '';
    i++;
    while (s[i] !== "'") {
      if (i >= s.length) throw new Error(`unterminated string in ${s}`);
      if (s.startsWith('${', i)) {
        i += 2;
        out += String(expr());
        ws();
        if (s[i++] !== '}') throw new Error(`bad interpolation in ${s}`);
      } else if (s[i] === '\\') {
        out += s[i + 1];
        i += 2;
      } else out += s[i++];
    }
    i++;
    return out;
  };
  const expr = (): Value => {
    ws();
    let v: Value;
    const word = /^\w+/.exec(s.slice(i))?.[0];
    if (s[i] === "'") v = str();
    else if (word && /^\d/.test(word)) {
      i += word.length;
      v = Number(word);
    } else if (word) {
      i += word.length;
      ws();
      if (s[i] === '(') {
        i++;
        const args: Value[] = [];
        ws();
        while (s[i] !== ')') {
          args.push(expr());
          ws();
          if (s[i] === ',') i++;
          ws();
        }
        i++;
        if (!fns[word]) throw new Error(`cannot evaluate ${word}()`);
        v = fns[word](...args);
      } else v = lookup(word);
    } else throw new Error(`cannot evaluate ${s}`);
    while (s[i] === '.') {
      const prop = /^\.(\w+)/.exec(s.slice(i))![1];
      i += prop.length + 1;
      v = (v as Record<string, Value>)[prop];
    }
    return v;
  };
  const v = expr();
  ws();
  if (i !== s.length) throw new Error(`cannot evaluate all of ${s}`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Reading the code the deployment must match
// ---------------------------------------------------------------------------------------------

export function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = posix.join(dir, f);
    return statSync(join(ROOT, p)).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every key config.ts's schema reads from the environment (the schema looks each one up). */
export function configKeys(): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy({ TABLES_ENDPOINT: 'https://x.table.core.windows.net' } as Record<string, string>, {
    get(target, key) {
      if (typeof key === 'string' && key !== 'then') seen.add(key);
      return target[key as string];
    },
  });
  loadConfig(env);
  return seen;
}

export const PLATFORM_SETTING = /^(AZURE_CLIENT_ID|APPLICATIONINSIGHTS_CONNECTION_STRING|WEBSITE_\w+|WEBSITES_\w+|SCM_\w+)$/;
export const GUID = '2d1c5f0e-1111-4222-8333-444455556666';

/** What App Service would hand the service: literals as they are, computed values as Azure makes them. */
export function productionEnv(overrides: Record<string, string | number> = {}): Record<string, string> {
  const paramDefaults = Object.fromEntries(
    [...params].filter(([, p]) => p.default !== undefined && /^('|\d|true$|false$)/.test(p.default)).map(([n, p]) => [n, /^(true|false)$/.test(p.default!) ? p.default! : (evaluate(p.default!, {}) as string | number)]),
  );
  const values = { ...paramDefaults, ...overrides };
  const env: Record<string, string> = {};
  for (const [key, expr] of appSettings()) {
    if (/^'[^$]*'$/.test(expr)) env[key] = expr.slice(1, -1);
    else if (/^\w+$/.test(expr) && expr in values) env[key] = String(values[expr]);
    // string(param): Bicep writes an int or a bool as its plain text (string(true) is 'true').
    else if (/^string\((\w+)\)$/.test(expr) && expr.slice(7, -1) in values) env[key] = String(values[expr.slice(7, -1)]);
    else if (expr.startsWith("'@Microsoft.KeyVault(")) env[key] = 'k'.repeat(48);
    else if (expr.startsWith("'https://")) env[key] = 'https://meldfra-app-0abcdefg.azurewebsites.net';
    else if (/clientId|tenantId/.test(expr)) env[key] = GUID;
    else if (/ConnectionString/.test(expr)) env[key] = `InstrumentationKey=${GUID};IngestionEndpoint=https://norwayeast-0.in.applicationinsights.azure.com/`;
    else throw new Error(`test/infra does not know what Azure makes of ${key}: ${expr}`);
  }
  return env;
}

/**
 * The tables the code opens: tables.client('Name'), a name handed to a base class, a name handed to a
 * repository's constructor (new NoticeRepository(tables, 'Messages')), or a constructor's default name.
 */
export function tablesInCode(): Set<string> {
  // tables.client('X'), a TableRepository's own('X'), a table named to a base or another repository.
  const pattern = /\btables\.client\(\s*'([^']+)'\s*\)|\bsuper\(\s*tables,\s*'([^']+)'|\bnew \w+Repository\(\s*tables,\s*'([^']+)'|^\s+name = '([A-Z]\w+)',?$|\bthis\.own\(\s*'([^']+)'\s*\)/gm;
  return new Set(sourceFiles('src').flatMap((f) => [...read(f).matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])));
}
