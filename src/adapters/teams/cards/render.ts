/**
 * One renderer for every card: a JSON template from cards/ expanded with its typed model.
 * Templates are read once; every card is checked against Teams' size limit before it leaves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { Attachment } from 'botbuilder';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams rejects messages over about 28 KB; stay clear of it with the activity envelope. */
export const CARD_SIZE_LIMIT = 26_000;

export type TemplateName = 'report-form' | 'school-picker' | 'case' | 'case-status' | 'case-list' | 'notice' | 'reminder' | 'help' | 'meeting' | 'work-form' | 'overview';

/** cards/ at the project root, found from both src/ (tsx, jest) and dist/src/ (built). */
function findCardsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'cards', 'report-form.json'))) return join(dir, 'cards');
  }
  throw new Error('cards/ folder not found');
}
const CARDS_DIR = findCardsDir();
const cache = new Map<TemplateName, ACData.Template>();

function template(name: TemplateName): ACData.Template {
  let t = cache.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    cache.set(name, t);
  }
  return t;
}

export type Card = Record<string, unknown>;

export function render<M extends object>(name: TemplateName, model: M): Card {
  const card = expand(name, model);
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > CARD_SIZE_LIMIT) throw new Error(`card ${name} is ${size} bytes, over ${CARD_SIZE_LIMIT}`);
  return card;
}

const expand = <M extends object>(name: TemplateName, model: M): Card => inert(withoutNulls(template(name).expand({ $root: model }))) as Card;

/**
 * What people typed is shown in TextBlocks, which Teams renders as markdown and whose
 * {{DATE()}}/{{TIME()}} it evaluates: a report saying "[log in](https://…)" would become a live
 * link on rektor's card. Neither our templates nor the language files use links or those
 * functions in displayed text, so a zero-width space breaks the syntax wherever it appears,
 * invisibly; inputs keep their values exactly as typed (scripts/faults/bad-inputs.ts).
 */
const ZWSP = '\u200b';
const neutralize = (s: string): string => s.replace(/\]\s*\(/g, `]${ZWSP}(`).replace(/\{\{/g, `{${ZWSP}{`);
function inert(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(inert);
  if (!v || typeof v !== 'object') return v;
  const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inert(x)])) as Record<string, unknown>;
  if ((o.type === 'TextBlock' || o.type === 'TextRun') && typeof o.text === 'string') o.text = neutralize(o.text);
  if (o.type === 'FactSet' && Array.isArray(o.facts)) {
    o.facts = o.facts.map((f: { title?: unknown; value?: unknown }) => ({ ...f, ...(typeof f.title === 'string' ? { title: neutralize(f.title) } : {}), ...(typeof f.value === 'string' ? { value: neutralize(f.value) } : {}) }));
  }
  return o;
}

/**
 * Renders the first model, in order from the fullest to the most compact, whose card fits under
 * the size limit. Cards that show long texts offer shorter versions; the full text is always in
 * the case export.
 */
export function renderFitting<M extends object>(name: TemplateName, models: M[]): Card {
  for (const m of models.slice(0, -1)) {
    const card = expand(name, m);
    if (Buffer.byteLength(JSON.stringify(card)) <= CARD_SIZE_LIMIT) return card;
  }
  return render(name, models[models.length - 1]);
}

/** At most n characters, ending in "…" when cut. */
export const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1)).trimEnd()}…`);

export const asAttachment = (card: Card): Attachment => ({ contentType: CARD_CONTENT_TYPE, content: card });

/** A `$when` that is false leaves null behind (e.g. "refresh": null), which Teams rejects. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(withoutNulls);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  }
  return v;
}
