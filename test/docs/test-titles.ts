/**
 * Reads the describe/it/test titles of the test files without running them, so that a document can
 * name a test and a test can check that the name still exists. Titles are joined as jest prints them
 * in its summary: «describe › nested describe › it». A title jest fills in at run time (`%s` of
 * `.each`, `${…}` of a template string) becomes a wildcard, so «"meld fra" gives the report card»
 * matches `it.each([...])('"%s" gives the report card')`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export interface TestTitle {
  file: string; // relative to the repo, with forward slashes
  path: string[]; // describe titles, then the test's own title
  pattern: RegExp; // matches a concrete «a › b › c» title
}

const BLOCKS = new Set(['describe', 'it', 'test']);
const WILDCARD = '\uE000';

/** `describe`, `it.each`, `test.failing.each`, `describe.skip`, or an alias like `const e2e = ok ? describe : describe.skip`. */
function blockName(callee: ts.Expression, aliases: Set<string>): string | undefined {
  let e = callee;
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  if (!ts.isIdentifier(e)) return undefined;
  if (BLOCKS.has(e.text)) return e.text;
  return aliases.has(e.text) ? 'describe' : undefined;
}

function titleText(node: ts.Expression | undefined, consts: Map<string, string>): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((s) => (ts.isIdentifier(s.expression) && consts.has(s.expression.text) ? consts.get(s.expression.text)! : WILDCARD) + s.literal.text).join('');
  }
  if (ts.isIdentifier(node) && consts.has(node.text)) return consts.get(node.text);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = titleText(node.left, consts);
    const r = titleText(node.right, consts);
    return (l ?? WILDCARD) + (r ?? WILDCARD);
  }
  return WILDCARD;
}

function toPattern(parts: string[]): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = parts
    .map((p) => p.split(/(%[sdifjopS#%]|\uE000|\$[A-Za-z_][\w.]*)/).map((bit, i) => (i % 2 === 1 ? (bit === '%%' ? '%' : '.+?') : escape(bit))).join(''))
    .join(' › ');
  return new RegExp(`^${body}$`, 's');
}

export function titlesOf(file: string, root: string): TestTitle[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const rel = path.relative(root, file).split(path.sep).join('/');
  const aliases = new Set<string>();
  const consts = new Map<string, string>();
  const out: TestTitle[] = [];
  const visit = (node: ts.Node, stack: string[]): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      if (/\bdescribe\b/.test(node.initializer.getText(source)) && !ts.isCallExpression(node.initializer)) aliases.add(node.name.text);
      if (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer)) consts.set(node.name.text, node.initializer.text);
    }
    if (ts.isCallExpression(node)) {
      // `it.each(rows)('title', fn)`: the title call's callee is itself a call whose callee names the block.
      const callee = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
      const name = blockName(callee, aliases);
      if (name && !(ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'each')) {
        const title = titleText(node.arguments[0], consts);
        if (title !== undefined) {
          const here = [...stack, title];
          if (name === 'describe') {
            node.arguments.slice(1).forEach((a) => visit(a, here));
            return;
          }
          out.push({ file: rel, path: here, pattern: toPattern(here) });
          return;
        }
      }
    }
    ts.forEachChild(node, (c) => visit(c, stack));
  };
  visit(source, []);
  return out;
}

export function allTitles(root: string): TestTitle[] {
  const found: TestTitle[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) found.push(...titlesOf(full, root));
    }
  };
  walk(path.join(root, 'test'));
  return found;
}
