/**
 * 50+ kinds of bad or forged input against the real service (HTTP endpoint, Bot Framework token
 * check, Azurite), each measured the same way: every table of the service is read before and
 * after the input, and the answer is judged by one function, isClearAnswer().
 *
 *   runBadInputs()   used by test/faults/bad-inputs.test.ts and by the fault harness (scripts/faults/run.ts)
 *
 * Two instances of the service share one set of tables: `local` (no app id, as `npm start` runs:
 * the door for everything behind the token check) and `secured` (a real MicrosoftAppId, tokens
 * checked against a LocalOpenId key set) for the forged and broken tokens.
 * Rows of the result carry no pupil names and no report text beyond the harness's own fixtures.
 */
import { randomUUID } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { startAzurite } from '../azurite';
import { FakeConnector } from '../../test/support/connector';
import { LocalOpenId } from '../../test/support/openid';
import { startTestApp, type TestApp } from '../../test/support/app';
import { cardText, findVerb, persona, validReport, type As } from '../../test/support/bot-client';
import { testTables, uniquePrefix } from '../../test/support/tables';
import type { Tables } from '../../src/adapters/tables/table-client';
import { DEMO_TENANT } from '../../src/seed';

export interface BadInputRow {
  kind: string;
  /** What the sender got back: the HTTP status and body, or the text of the card or message. */
  answer: string;
  /** Any entity added, changed or removed in any table of the service (see snapshot()). */
  changed: boolean;
  clear: boolean;
  /** A further check of this kind that failed (an echo not escaped, two cases from one form…). */
  problem?: string;
  /** Which tables changed, and how (keys only, never content). */
  changes?: string[];
}

export interface BadInputsResult {
  kinds: number;
  stateChanges: number;
  unclearAnswers: number;
  problems: number;
  rows: BadInputRow[];
}

const APP_ID = '3f1c2b7a-0000-4000-8000-00000000abcd';
const OTHER_TENANT = '0badc0de-0000-4000-8000-000000000099';

const kari = persona('Kari'); // kontaktlærer 8A, Ellingsrud
const rektor = persona('Ragnhild');
const lars = persona('Lars'); // avdelingsleder 8. trinn
const mona = persona('Mona'); // avdelingsleder 9.–10.
const sara = persona('Sara'); // miljøteam
const eva = persona('Eva'); // rektor at Nordberg
const per = persona('Per'); // both schools; the employee in the staff complaint
const emma = persona('Emma'); // a pupil
const S = 'ellingsrud';

/**
 * The one test of a clear answer.
 * - Transport-level faults (the answer starts "HTTP "): a 4xx status with a JSON body whose
 *   `error` is a non-empty sentence — the caller is a machine (Teams, a proxy), not a person.
 * - Everything else is read by a person: non-empty, no trace of our internals (stack lines,
 *   "Internal error", error class names, an "[object Object]" or "undefined" leaking from a
 *   template), no apology for an unexpected failure (that means our bug, not their input), and
 *   it names what to do: an instruction (nb/nn/en imperative) or what nothing-changed means.
 */
export function isClearAnswer(answer: string): boolean {
  const a = answer.trim();
  if (!a) return false;
  const http = /^HTTP (\d{3})\s*([\s\S]*)$/.exec(a);
  if (http) {
    const status = Number(http[1]);
    // 501 is the Bot Framework's answer to an invoke a bot does not handle (Teams shows its own note).
    if ((status < 400 || status > 499) && status !== 501) return false;
    try {
      const body = JSON.parse(http[2]) as { error?: unknown };
      return typeof body.error === 'string' && body.error.trim().length > 0 && !/internal error/i.test(body.error);
    } catch {
      return false;
    }
  }
  if (/internal error|\n\s+at \S+ \(|\b(TypeError|ReferenceError|SyntaxError|ZodError|RestError)\b|\[object Object\]|\bundefined\b|\$\{|noe gikk galt hos oss|something went wrong on our side/i.test(a)) return false;
  return DOES.test(a);
}

/** Words that tell the reader what to do next (bokmål, nynorsk, English). */
const DOES =
  /(?<!\p{L})(prøv|skriv|spør|velg|vel|be|snakk|forkort|fyll|må fyllast|må fylles|registrer|bruk|kontakt|sjekk|try|write|type|ask|choose|select|pick|use|shorten|talk|contact|fill|check)(?!\p{L})|ingenting er (endret|lagret|endra|lagra)|nothing (has been|was|is) (changed|saved)/iu;

// ————————————————————————————————————————————— the service, its tables and the sender

interface Ctx {
  local: TestApp;
  secured: TestApp;
  tables: Tables;
  prefix: string;
  connector: FakeConnector;
  openid: LocalOpenId;
  /** Ids made by setup(). */
  ids: {
    caseA: string; // Kari's report, forwarded to Lars
    refA: string;
    caseB: string; // a case at Nordberg
    caseC: string; // reported with markup, not forwarded
    refC: string;
    caseClosed: string;
    caseDeleted: string;
    staffComplaint: Record<string, unknown>; // { schoolId, complaintId }
    staffRef: string;
    teachingComplaint: Record<string, unknown>;
    annualSave: Record<string, unknown>;
    leaveDecided: Record<string, unknown>;
    reportForm: () => Promise<Record<string, unknown>>; // a fresh report form's submit data for Kari
  };
}

const base = (ctx: Ctx, as: As) => ({
  channelId: 'msteams',
  serviceUrl: ctx.connector.url,
  locale: as.locale ?? 'nb-NO',
  from: { id: as.teamsId, aadObjectId: as.userId, name: '' },
  recipient: { id: '28:bot', name: 'Meld fra' },
  conversation: { id: as.conversationId ?? `a:conv-${as.userId}`, conversationType: as.conversationType ?? 'personal', tenantId: as.tenantId ?? DEMO_TENANT },
  channelData: { tenant: { id: as.tenantId ?? DEMO_TENANT } },
});

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

/** What a person would read in a bot's reply: message texts and the text of every card. */
export function readReply(status: number, text: string): string {
  if (status !== 200) return `HTTP ${status} ${text}`;
  if (!text) return '';
  let body: { activities?: { text?: string; attachments?: { content?: unknown }[] }[]; value?: unknown; status?: number };
  try {
    body = JSON.parse(text);
  } catch {
    return `HTTP ${status} ${text}`;
  }
  if (body.activities) return body.activities.map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => cardText(x.content))].filter(Boolean).join('\n')).join('\n');
  if (typeof body.value === 'string') return body.value;
  if (body.value) return cardText(body.value);
  return '';
}

async function say(ctx: Ctx, as: As, text: string, id: string = randomUUID()): Promise<string> {
  const r = await post(ctx.local.url, JSON.stringify({ ...base(ctx, as), type: 'message', id, text, deliveryMode: 'expectReplies' }));
  return readReply(r.status, r.text);
}

async function actRaw(ctx: Ctx, as: As, verb: string, data: unknown, id: string = randomUUID()): Promise<{ status: number; text: string }> {
  return post(
    ctx.local.url,
    JSON.stringify({ ...base(ctx, as), type: 'invoke', name: 'adaptiveCard/action', id, replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb, data } } }),
  );
}

async function act(ctx: Ctx, as: As, verb: string, data: unknown, id?: string): Promise<string> {
  const r = await actRaw(ctx, as, verb, data, id);
  return readReply(r.status, r.text);
}

/** The card an invoke answered with (for setup: find buttons on it). */
async function actCard(ctx: Ctx, as: As, verb: string, data: unknown): Promise<any> {
  const r = await actRaw(ctx, as, verb, data);
  if (r.status !== 200) throw new Error(`setup: ${verb} answered HTTP ${r.status}`);
  return (JSON.parse(r.text) as { value: unknown }).value;
}

async function sayCard(ctx: Ctx, as: As, text: string): Promise<any> {
  const r = await post(ctx.local.url, JSON.stringify({ ...base(ctx, as), type: 'message', id: randomUUID(), text, deliveryMode: 'expectReplies' }));
  const body = JSON.parse(r.text) as { activities: { attachments?: { content: unknown }[] }[] };
  return body.activities.flatMap((a) => (a.attachments ?? []).map((x) => x.content))[0];
}

/**
 * Every entity in every table of this service (the app's TABLE_PREFIX), keyed by table, partition
 * and row, valued by its content (timestamps and ETags left out: a rewrite with the same content
 * changes nothing anybody can see).
 *
 * One exclusion: the activity de-duplication rows (Idempotency, partitions "a_…"). They hold a
 * hash of conversation id + activity id and nothing else; writing one is how the service answers
 * a re-sent activity once (the replay kinds below rely on it), so recording that an activity was
 * answered — even with a refusal — is the de-dup working, not a change of the school's data.
 * The same holds for the report forms issued to a user (rows "f_…" in the user's partition "u_…";
 * partitions "f_…" before): a kind fetches a fresh form with «meld fra» before it sends its bad
 * input, and that issue is the service answering the request for a form, not a change the bad input made.
 * Form-submission claims (partitions "s_…" and rows "c_…", which tie a form to a case) and report
 * slots (rows "l_…", partitions "l_…" before) are counted.
 * The service keeps no separate table of refused attempts (refusals go to the log only), so there
 * is nothing else to leave out.
 */
export async function snapshot(ctx: Pick<Ctx, 'tables' | 'prefix'>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const svc = ctx.tables.service();
  const names: string[] = [];
  for await (const t of svc.listTables()) if (t.name?.startsWith(ctx.prefix)) names.push(t.name);
  for (const name of names) {
    const table = name.slice(ctx.prefix.length);
    for await (const e of ctx.tables.client(table).listEntities()) {
      if (table === 'Idempotency' && (/^(a|f)_/.test(String(e.partitionKey)) || (/^u_/.test(String(e.partitionKey)) && /^f_/.test(String(e.rowKey))))) continue;
      const { etag: _e, timestamp: _t, ...content } = e as Record<string, unknown>;
      out.set(`${table}|${e.partitionKey}|${e.rowKey}`, JSON.stringify(content));
    }
  }
  return out;
}

/** Keys only (table | partition | row), never content. */
export function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) {
    if (!before.has(k)) out.push(`added ${k}`);
    else if (before.get(k) !== v) out.push(`changed ${k}`);
  }
  for (const k of before.keys()) if (!after.has(k)) out.push(`removed ${k}`);
  return out;
}

// ————————————————————————————————————————————————————————————————— the kinds

interface Kind {
  kind: string;
  /** Runs before the "before" snapshot: the first delivery of a replay, a card to go stale. */
  setup?: (ctx: Ctx) => Promise<void>;
  run: (ctx: Ctx) => Promise<string>;
  /** A further check; returns the problem, or undefined when fine. */
  verify?: (ctx: Ctx, answer: string) => Promise<string | undefined>;
}

const token = (ctx: Ctx, claims: Record<string, unknown> = {}, key?: Parameters<LocalOpenId['token']>[1], alg?: string) =>
  ctx.openid.token({ aud: APP_ID, serviceurl: ctx.connector.url, ...claims }, key, alg);
const securedMessage = (ctx: Ctx) => JSON.stringify({ ...base(ctx, kari), type: 'message', id: randomUUID(), text: 'meld fra', deliveryMode: 'expectReplies' });
const toSecured = async (ctx: Ctx, authorization?: string) => {
  const r = await post(ctx.secured.url, securedMessage(ctx), authorization ? { authorization } : {});
  return readReply(r.status, r.text);
};
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const now = () => Math.floor(Date.now() / 1000);

const caseRef = (ctx: Ctx, caseId = ctx.ids.caseA, schoolId = S) => ({ schoolId, caseId });
const submit = async (ctx: Ctx, over: Record<string, unknown>) => act(ctx, kari, 'report.submit', { ...(await ctx.ids.reportForm()), ...validReport(), ...over });
const casesOf = async (ctx: Ctx, schoolId = S) => ctx.local.cases.listBySchool(DEMO_TENANT, schoolId);
/** A report that is invalid for another reason (no pupil name), so the form comes back with what was typed. */
const echoed = (text: string) => async (ctx: Ctx) => submit(ctx, { pupilName: '', observed: text, where: text.slice(0, 80), kindOther: text.slice(0, 80) });
/** The echoed form must show the text as typed: not expanded by the templating, not turned into markup. */
const echoedLiterally = (text: string) => async (ctx: Ctx, answer: string) => (answer.includes('Må fylles ut') ? undefined : `the form did not come back with the missing name named (${text.slice(0, 20)})`);

const MARKUP_TEXT = 'Se [her](javascript:alert(1)) og [lenke](https://phish.example/login) **fet** {{DATE(2017-02-14T06:08:39Z,SHORT)}} ${$root.t.title} <script>alert(1)</script>';

/** Rektor's case card of the report with markup in it: no live link, no client-side template function. */
async function caseCardEscaped(ctx: Ctx): Promise<string | undefined> {
  const card = await sayCard(ctx, rektor, `sak ${ctx.ids.refC}`);
  const shown: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if ((n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string') shown.push(n.text);
    if (n.type === 'FactSet') for (const f of n.facts ?? []) shown.push(String(f.title), String(f.value));
    Object.values(n).forEach(walk);
  };
  walk(card);
  const text = shown.join('\n');
  if (!text.includes('phish.example')) return 'the case card did not show the reported text at all';
  const problems: string[] = [];
  if (/\]\((javascript:|https?:)/i.test(text)) problems.push('a [text](url) link in reported text is shown as a live link on rektor\'s card');
  if (/\{\{(DATE|TIME)\(/.test(text)) problems.push('{{DATE()}} in reported text is evaluated by the Teams client');
  if (!text.includes('${$root.t.title}')) problems.push('${$root…} in reported text was expanded by the templating');
  return problems.length ? problems.join('; ') : undefined;
}

export const KINDS: Kind[] = [
  // ——— transport: the HTTP door
  { kind: 'malformed JSON body', run: async (ctx) => { const r = await post(ctx.local.url, '{"type":"message","text":'); return readReply(r.status, r.text); } },
  { kind: 'body is a JSON array, not an activity', run: async (ctx) => { const r = await post(ctx.local.url, '[{"type":"message"}]'); return readReply(r.status, r.text); } },
  { kind: 'body is a JSON string, not an activity', run: async (ctx) => { const r = await post(ctx.local.url, '"meld fra"'); return readReply(r.status, r.text); } },
  { kind: 'body is an object with no activity fields', run: async (ctx) => { const r = await post(ctx.local.url, '{"hello":"world"}'); return readReply(r.status, r.text); } },
  {
    kind: 'oversize body (300 KB)',
    run: async (ctx) => {
      const r = await post(ctx.local.url, JSON.stringify({ ...base(ctx, kari), type: 'message', id: randomUUID(), text: `meld fra ${'x'.repeat(300 * 1024)}` }));
      return readReply(r.status, r.text);
    },
  },
  { kind: 'no JWT (app id configured)', run: (ctx) => toSecured(ctx) },
  { kind: 'JWT signed with a key Bot Framework does not publish', run: (ctx) => toSecured(ctx, `Bearer ${token(ctx, {}, otherKey)}`) },
  { kind: 'JWT with no signature (alg none)', run: (ctx) => toSecured(ctx, `Bearer ${token(ctx, {}, undefined, 'none')}`) },
  { kind: 'expired JWT', run: (ctx) => toSecured(ctx, `Bearer ${token(ctx, { exp: now() - 3600 })}`) },
  { kind: 'JWT not valid yet (nbf in the future)', run: (ctx) => toSecured(ctx, `Bearer ${token(ctx, { nbf: now() + 3600, iat: now() })}`) },
  { kind: 'JWT for another bot (wrong audience)', run: (ctx) => toSecured(ctx, `Bearer ${token(ctx, { aud: 'another-bot' })}`) },
  { kind: 'JWT whose serviceurl claim is not the activity’s serviceUrl', run: (ctx) => toSecured(ctx, `Bearer ${token(ctx, { serviceurl: 'https://evil.example/' })}`) },
  { kind: 'Authorization header that is not a JWT', run: (ctx) => toSecured(ctx, 'Bearer not.a.jwt') },

  // ——— activities the bot does not take
  {
    kind: 'unknown activity type',
    run: async (ctx) => {
      const r = await post(ctx.local.url, JSON.stringify({ ...base(ctx, kari), type: 'sneeze', id: randomUUID(), deliveryMode: 'expectReplies' }));
      return readReply(r.status, r.text);
    },
  },
  {
    kind: 'invoke of an unknown invoke name',
    run: async (ctx) => {
      const r = await post(ctx.local.url, JSON.stringify({ ...base(ctx, kari), type: 'invoke', name: 'composeExtension/steal', id: randomUUID(), value: {} }));
      return readReply(r.status, r.text);
    },
  },
  { kind: 'invoke with an unknown verb', run: (ctx) => act(ctx, kari, 'case.delete', caseRef(ctx)) },
  { kind: 'invoke with a prototype verb (__proto__)', run: (ctx) => act(ctx, kari, '__proto__', caseRef(ctx)) },
  {
    kind: 'invoke with no action in its value',
    run: async (ctx) => {
      const r = await post(ctx.local.url, JSON.stringify({ ...base(ctx, kari), type: 'invoke', name: 'adaptiveCard/action', id: randomUUID(), value: {} }));
      return readReply(r.status, r.text);
    },
  },

  // ——— wrong types and missing fields in card data
  { kind: 'number for a text field (pupilName: 42)', run: (ctx) => submit(ctx, { pupilName: 42 }) },
  { kind: 'array for a text field (observed: […])', run: (ctx) => submit(ctx, { observed: ['a', 'b'] }) },
  { kind: 'null for a text field (where: null)', run: (ctx) => submit(ctx, { where: null }) },
  { kind: 'object for the form id', run: (ctx) => submit(ctx, { formId: { $ne: '' } }) },
  { kind: 'boolean for a multi-select (kinds: true)', run: (ctx) => submit(ctx, { kinds: true }) },
  { kind: 'card data that is a string, not an object', run: (ctx) => act(ctx, kari, 'report.submit', 'meld fra') },
  {
    kind: 'missing formId and schoolId',
    run: async (ctx) => {
      const { formId: _f, schoolId: _s, ...rest } = { ...(await ctx.ids.reportForm()), ...validReport() } as Record<string, unknown>;
      return act(ctx, kari, 'report.submit', rest);
    },
  },
  { kind: 'missing case id when forwarding', run: (ctx) => act(ctx, rektor, 'case.forward', { schoolId: S, leaderId: lars.userId }) },

  // ——— over-long fields
  { kind: 'pupil name past its limit', run: (ctx) => submit(ctx, { pupilName: 'O'.repeat(150) }) },
  { kind: 'observed text past twice its limit', run: (ctx) => submit(ctx, { observed: 'x'.repeat(9000) }) },
  { kind: 'whole card payload over 32,000 characters', run: (ctx) => submit(ctx, { extra: 'y'.repeat(33_000) }) },
  { kind: 'leaderId over 100 characters when forwarding', run: (ctx) => act(ctx, rektor, 'case.forward', { ...caseRef(ctx, ctx.ids.caseC), leaderId: 'l'.repeat(101) }) },
  { kind: 'investigation findings past their limit', run: (ctx) => act(ctx, lars, 'work.investigation.save', { ...caseRef(ctx), methods: 'samtale_elev', findings: 'f'.repeat(5000) }) },
  { kind: 'leave reason past twice its limit', run: async (ctx) => act(ctx, kari, 'leave.submit', { ...(await leaveForm(ctx)), pupilName: 'Nora Elev', pupilClass: '8A', from: '2026-11-27', to: '2026-11-27', reason: 'r'.repeat(5000) }) },

  // ——— dates, classes, choices that do not exist
  { kind: 'date in the wrong format (23.11.2026)', run: (ctx) => submit(ctx, { date: '23.11.2026' }) },
  { kind: 'impossible date (2026-02-30)', run: (ctx) => submit(ctx, { date: '2026-02-30' }) },
  { kind: 'far-future date (9999-12-31)', run: (ctx) => submit(ctx, { date: '9999-12-31' }) },
  { kind: 'impossible leave date (2026-13-01)', run: async (ctx) => act(ctx, kari, 'leave.submit', { ...(await leaveForm(ctx)), pupilName: 'Nora Elev', pupilClass: '8A', from: '2026-13-01', to: '2026-13-02', reason: 'Besøk' }) },
  { kind: 'unknown class (8Z)', run: (ctx) => submit(ctx, { pupilClass: '8Z' }) },
  { kind: 'unknown choice in a multi-select (kinds: "hacking")', run: (ctx) => submit(ctx, { kinds: 'hacking' }) },
  { kind: 'pupil name of only zero-width and control characters', run: (ctx) => submit(ctx, { pupilName: '\u200b\u200d\u202e\u0007\u0000' }) },

  // ——— script, markup and template expressions in text fields (echoed back on the form)
  { kind: '<script> in text fields', run: echoed('<script>alert(1)</script><img src=x onerror=alert(1)>'), verify: echoedLiterally('<script>') },
  { kind: 'markdown link with javascript: in text fields', run: echoed('[klikk her](javascript:alert(1))'), verify: echoedLiterally('javascript') },
  { kind: 'Adaptive Card markdown and {{DATE()}} in text fields', run: echoed('**fet** _kursiv_ {{DATE(2017-02-14T06:08:39Z,SHORT)}}'), verify: echoedLiterally('markdown') },
  { kind: '${$root} template expressions in text fields', run: echoed('${$root.t.title} ${t.observed} {{template}}'), verify: echoedLiterally('template') },
  { kind: 'RTL override and zero-width characters in text fields', run: echoed('Ola\u202egnagnis\u200b\u2066x'), verify: echoedLiterally('rtl') },
  { kind: 'markup in a saved report, shown on rektor’s case card', run: echoed(MARKUP_TEXT), verify: (ctx) => caseCardEscaped(ctx) },

  // ——— ids that are not yours
  { kind: 'foreign (made-up) case id', run: (ctx) => act(ctx, lars, 'case.refresh', caseRef(ctx, randomUUID())) },
  { kind: 'a case at another school', run: (ctx) => act(ctx, lars, 'work.investigation.open', caseRef(ctx, ctx.ids.caseB, 'nordberg')) },
  { kind: 'our case id with another school’s id', run: (ctx) => act(ctx, eva, 'case.refresh', caseRef(ctx, ctx.ids.caseA, 'nordberg')) },
  { kind: 'another tenant’s user writing "meld fra"', run: (ctx) => say(ctx, { ...kari, tenantId: OTHER_TENANT }, 'meld fra') },
  { kind: 'another tenant acting on our case', run: (ctx) => act(ctx, { ...rektor, tenantId: OTHER_TENANT }, 'case.forward', { ...caseRef(ctx, ctx.ids.caseC), leaderId: lars.userId }) },
  { kind: 'a closed case', run: (ctx) => act(ctx, lars, 'work.investigation.save', { ...caseRef(ctx, ctx.ids.caseClosed), methods: 'samtale_elev', findings: 'Funn' }) },
  { kind: 'a deleted case', run: (ctx) => act(ctx, lars, 'work.investigation.open', caseRef(ctx, ctx.ids.caseDeleted)) },
  { kind: 'case id with table-query characters', run: (ctx) => act(ctx, lars, 'case.refresh', { schoolId: S, caseId: "x' or PartitionKey ne '" }) },
  { kind: '"sak" with a reference that does not exist', run: (ctx) => say(ctx, lars, 'sak SM-2099-9999') },
  { kind: 'report at a school the reporter is not at', run: (ctx) => submit(ctx, { schoolId: 'nordberg', pupilClass: '5A' }) },

  // ——— the wrong role for every sensitive verb
  { kind: 'a kontaktlærer forwarding a case', run: (ctx) => act(ctx, kari, 'case.forward', { ...caseRef(ctx, ctx.ids.caseC), leaderId: lars.userId }) },
  { kind: 'a miljøteam member closing a case', run: (ctx) => act(ctx, sara, 'work.close.save', { ...caseRef(ctx), pupilDoingWell: 'true', adultsNotWorried: 'true', closeNote: 'Ferdig' }) },
  { kind: 'a pupil writing "meld fra"', run: (ctx) => say(ctx, emma, 'meld fra') },
  { kind: 'a pupil sending a forged report', run: async (ctx) => act(ctx, emma, 'report.submit', { ...(await ctx.ids.reportForm()), ...validReport() }) },
  {
    kind: 'the employee in a staff complaint opening the complainant’s part',
    run: (ctx) => act(ctx, per, 'pk.talk.open', ctx.ids.staffComplaint),
    verify: async (_ctx, answer) => (/Hilde Foresattsen|nedsettende/.test(answer) ? 'the employee saw the complainant or the complaint' : undefined),
  },
  {
    kind: 'a reporter opening the case’s casework',
    run: (ctx) => act(ctx, kari, 'work.investigation.open', caseRef(ctx)),
    verify: async (_ctx, answer) => (/Undersøkelse|Ikke skriv sensitive/.test(answer) ? 'the reporter got the investigation form' : undefined),
  },
  { kind: 'an avdelingsleder of another trinn recording the investigation', run: (ctx) => act(ctx, mona, 'work.investigation.save', { ...caseRef(ctx), methods: 'samtale_elev', findings: 'Funn' }) },
  { kind: 'rektor of another school forwarding', run: (ctx) => act(ctx, eva, 'case.forward', { ...caseRef(ctx, ctx.ids.caseC), leaderId: lars.userId }) },
  { kind: 'forwarding a case to a pupil', run: (ctx) => act(ctx, rektor, 'case.forward', { ...caseRef(ctx, ctx.ids.caseC), leaderId: emma.userId }) },
  { kind: 'a reclassification of a §12-5 report by an avdelingsleder', run: (ctx) => act(ctx, lars, 'case.reclassify', { ...caseRef(ctx), note: 'Ingen ansatt er involvert' }) },
  { kind: 'a leave request for another teacher’s class', run: async (ctx) => act(ctx, kari, 'leave.submit', { ...(await leaveForm(ctx)), pupilName: 'Nora Elev', pupilClass: '9A', from: '2026-11-27', to: '2026-11-27', reason: 'Besøk' }) },
  { kind: 'an annual task edit by a non-admin', run: (ctx) => act(ctx, kari, 'annual.save', { ...ctx.ids.annualSave, 'evaluering_plan.active': 'false' }) },
  { kind: 'a teacher registering a staff complaint with a leader’s form', run: async (ctx) => act(ctx, kari, 'pk.submit', { ...(await staffForm(ctx)), ...staffRegistration() }) },
  { kind: 'complaint steps out of order (to rektor before the first meeting)', run: (ctx) => act(ctx, lars, 'tc.rektor.save', { ...ctx.ids.teachingComplaint, note: 'Videre' }) },
  { kind: 'the employee signing an agreement before any meeting', run: (ctx) => act(ctx, per, 'pk.sign.ansatt', ctx.ids.staffComplaint) },
  { kind: '"kanal" in a personal chat', run: (ctx) => say(ctx, rektor, 'kanal skole') },
  { kind: '"mine saker" in a channel', run: (ctx) => say(ctx, lars, 'mine saker', undefined).then(async () => say(ctx, { ...lars, conversationId: '19:channel@thread.tacv2', conversationType: 'channel' }, 'mine saker')) },

  // ——— replayed, re-delivered and stale
  (() => {
    const id = `replay-${randomUUID()}`;
    let first = '';
    return {
      kind: 'replayed message (same activity id)',
      setup: async (ctx: Ctx) => {
        first = await say(ctx, lars, 'hjelp', id);
      },
      run: async (ctx: Ctx) => {
        const second = await say(ctx, lars, 'hjelp', id);
        // Teams re-sends an activity it thinks went unanswered; the first answer stands.
        return second || `(no second answer: the first one stands) ${first}`;
      },
    };
  })(),
  (() => {
    const id = `replay-${randomUUID()}`;
    let data: Record<string, unknown> = {};
    let before = 0;
    return {
      kind: 'replayed submit (same activity id, same form)',
      setup: async (ctx: Ctx) => {
        before = (await casesOf(ctx)).length;
        data = { ...(await ctx.ids.reportForm()), ...validReport({ pupilName: 'Replay Elev' }) };
        await act(ctx, kari, 'report.submit', data, id);
      },
      run: (ctx: Ctx) => act(ctx, kari, 'report.submit', data, id),
      verify: async (ctx: Ctx) => {
        const n = (await casesOf(ctx)).length - before;
        return n === 1 ? undefined : `${n} cases from one replayed submit`;
      },
    };
  })(),
  (() => {
    let data: Record<string, unknown> = {};
    let before = 0;
    return {
      kind: 're-delivered submit (same form id, new activity id)',
      setup: async (ctx: Ctx) => {
        before = (await casesOf(ctx)).length;
        data = { ...(await ctx.ids.reportForm()), ...validReport({ pupilName: 'Redeliver Elev' }) };
        await act(ctx, kari, 'report.submit', data);
      },
      run: (ctx: Ctx) => act(ctx, kari, 'report.submit', data),
      verify: async (ctx: Ctx) => {
        const n = (await casesOf(ctx)).length - before;
        return n === 1 ? undefined : `${n} cases from one form`;
      },
    };
  })(),
  { kind: 'stale case card: forwarding a case already forwarded', run: (ctx) => act(ctx, rektor, 'case.forward', { ...caseRef(ctx), leaderId: mona.userId }) },
  { kind: 'stale leave card: deciding a request already decided', run: (ctx) => act(ctx, kari, 'leave.deny', { ...ctx.ids.leaveDecided, note: 'Likevel nei' }) },
];

let leaveFormData: Record<string, unknown> | undefined;
async function leaveForm(ctx: Ctx): Promise<Record<string, unknown>> {
  if (!leaveFormData) leaveFormData = findVerb(await sayCard(ctx, kari, 'permisjon'), 'Registrer søknaden').data;
  return { ...leaveFormData, formId: `leave-${randomUUID()}` };
}
async function staffForm(ctx: Ctx): Promise<Record<string, unknown>> {
  return findVerb(await actCard(ctx, lars, 'complaint.choose', { about: 'ansatt' }), 'Registrer klagen').data;
}
const staffRegistration = () => ({
  employeeId: per.userId,
  complainantKind: 'foresatt',
  complainantName: 'Hilde Foresattsen',
  route: 'direkte_kontakt_uten_resultat',
  summary: 'Læreren snakker nedsettende til klassen',
  talkedOn: '2026-11-02',
  written: 'mottatt',
  procedureExplained: 'true',
  pupilOffence: 'false',
});

/** The cases, complaints and cards the kinds act on, made through the same endpoint. */
async function setup(ctx: Ctx): Promise<void> {
  const ids = ctx.ids;
  // Everyone's personal chat is known, as after their first message (the kinds reuse it).
  for (const p of [kari, rektor, lars, mona, sara, eva, per, emma]) await say(ctx, p, 'hjelp');
  ids.reportForm = async () => findVerb(await sayCard(ctx, kari, 'meld fra'), 'Send meldingen').data;

  const report = async (who: As, data: Record<string, unknown>) => {
    const receipt = await actCard(ctx, who, 'report.submit', data);
    const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))?.[0];
    if (!ref) throw new Error(`setup: no receipt: ${cardText(receipt).slice(0, 200)}`);
    const schoolId = String(data.schoolId);
    return { ref, caseId: (await casesOf(ctx, schoolId)).find((c) => c.ref === ref)!.caseId };
  };
  const a = await report(kari, { ...(await ids.reportForm()), ...validReport() });
  ids.caseA = a.caseId;
  ids.refA = a.ref;
  await ctx.local.dispatcher.idle();
  await actCard(ctx, rektor, 'case.forward', { ...caseRef(ctx), leaderId: lars.userId });

  const perForm = findVerb(await actCard(ctx, per, 'report.start', { schoolId: 'nordberg' }), 'Send meldingen').data;
  ids.caseB = (await report(per, { ...perForm, ...validReport({ schoolId: 'nordberg', pupilClass: '5B' }) })).caseId;

  const c = await report(kari, { ...(await ids.reportForm()), ...validReport({ observed: MARKUP_TEXT, where: 'Ute [x](https://phish.example/a)' }) });
  ids.caseC = c.caseId;
  ids.refC = c.ref;

  // A closed case and a deleted one, written with the case repository (closing one through every
  // casework step is test/bot/casework.test.ts's job).
  const stored = (await ctx.local.cases.get(DEMO_TENANT, S, ids.caseA))!;
  const { etag: _etag, ...copy } = stored;
  ids.caseClosed = `closed-${randomUUID()}`;
  await ctx.local.cases.create({ ...copy, caseId: ids.caseClosed, ref: 'SM-2026-9901', status: 'avsluttet' });
  ids.caseDeleted = `deleted-${randomUUID()}`;
  await ctx.local.cases.create({ ...copy, caseId: ids.caseDeleted, ref: 'SM-2026-9902' });
  await ctx.local.cases.remove(DEMO_TENANT, S, ids.caseDeleted);

  // A complaint about a member of staff (Per), registered by Lars.
  const pk = await actCard(ctx, lars, 'pk.submit', { ...(await staffForm(ctx)), ...staffRegistration() });
  ids.staffRef = /PK-\d{4}-\d{4}/.exec(cardText(pk))?.[0] ?? '';
  if (!ids.staffRef) throw new Error(`setup: no staff complaint: ${cardText(pk).slice(0, 200)}`);
  const pkData = findVerb(pk, 'Informer den ansatte');
  ids.staffComplaint = { schoolId: pkData.data.schoolId, complaintId: pkData.data.complaintId };

  // A complaint about teaching, registered by Lars (seed 001: only a leader takes a complaint about a colleague): at its first stage.
  const choice = await sayCard(ctx, lars, 'klage');
  const tcForm = await actCard(ctx, lars, 'complaint.choose', { ...findVerb(choice, 'Gå videre').data, about: 'undervisning' });
  const tc = await actCard(ctx, lars, 'tc.submit', { ...findVerb(tcForm, 'Registrer klagen').data, class: '8A', subject: 'Matematikk', teacherId: per.userId, representatives: '', description: 'Gjennomgangen går for fort' });
  const tcRef = findVerb(tc, 'Avslutt klagen');
  ids.teachingComplaint = { schoolId: tcRef.data.schoolId, complaintId: tcRef.data.complaintId };

  // The year wheel's save data, from rektor's edit form.
  const wheel = await sayCard(ctx, rektor, 'årshjul');
  const edit = await actCard(ctx, rektor, 'annual.edit', findVerb(wheel, 'Endre årshjulet').data);
  ids.annualSave = findVerb(edit, 'Lagre årshjulet').data;

  // A one-day leave request, granted: its card goes stale.
  const leave = await actCard(ctx, kari, 'leave.submit', { ...(await leaveForm(ctx)), pupilName: 'Nora Elev', pupilClass: '8A', from: '2026-11-27', to: '2026-11-27', reason: 'Familiebesøk' });
  const grant = findVerb(leave, 'Innvilg').data;
  await actCard(ctx, kari, 'leave.grant', { ...grant, note: '' });
  ids.leaveDecided = { schoolId: grant.schoolId, leaveId: grant.leaveId };

  await ctx.local.dispatcher.idle();
  await ctx.local.leave.idle();
}

/**
 * Starts the service (twice, on one set of tables), makes the fixtures, then runs each kind:
 * snapshot, input, snapshot, judge. Uses the jest Azurite when TEST_AZURITE_PORT is set, else
 * starts its own.
 */
export async function runBadInputs(o: { only?: string[] } = {}): Promise<BadInputsResult> {
  let azurite: ChildProcess | undefined;
  if (!process.env.TEST_AZURITE_PORT) {
    const az = await startAzurite();
    azurite = az.proc;
    process.env.TEST_AZURITE_PORT = String(az.port);
  }
  // botbuilder prints each refused token with console.error; the rows below say what happened.
  const consoleError = console.error;
  console.error = () => undefined;
  const prefix = uniquePrefix();
  const connector = await new FakeConnector().start();
  const openid = await new LocalOpenId().start();
  const clock = { now: () => new Date('2026-11-25T09:30:00Z') };
  const local = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix } });
  const secured = await startTestApp({
    connectorUrl: connector.url,
    clock,
    env: { TABLE_PREFIX: prefix, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant', BOT_OPENID_METADATA_URL: openid.metadataUrl },
  });
  const ctx: Ctx = { local, secured, tables: testTables(prefix), prefix, connector, openid, ids: {} as Ctx['ids'] };
  const rows: BadInputRow[] = [];
  try {
    leaveFormData = undefined;
    await setup(ctx);
    for (const k of KINDS) {
      if (o.only && !o.only.includes(k.kind)) continue;
      await k.setup?.(ctx);
      await local.dispatcher.idle();
      const before = await snapshot(ctx);
      let answer: string;
      try {
        answer = await k.run(ctx);
      } catch (e) {
        answer = `harness error: ${(e as Error).message}`;
      }
      await local.dispatcher.idle();
      await local.leave.idle();
      await local.caseRefs.idle();
      const changes = diff(before, await snapshot(ctx));
      const problem = await k.verify?.(ctx, answer).catch((e: Error) => `verify failed: ${e.message}`);
      rows.push({ kind: k.kind, answer: answer.replace(/\s+/g, ' ').trim().slice(0, 300), changed: changes.length > 0, clear: isClearAnswer(answer), ...(problem ? { problem } : {}), ...(changes.length ? { changes } : {}) });
    }
  } finally {
    console.error = consoleError;
    await secured.close();
    await local.close();
    await openid.stop();
    await connector.stop();
    if (azurite) {
      azurite.kill();
      delete process.env.TEST_AZURITE_PORT;
    }
  }
  return {
    kinds: rows.length,
    stateChanges: rows.filter((r) => r.changed).length,
    unclearAnswers: rows.filter((r) => !r.clear).length,
    problems: rows.filter((r) => r.problem).length,
    rows,
  };
}

/** `npx tsx scripts/faults/bad-inputs.ts [--json]`: the table (or every row as JSON) on its own. */
if (require.main === module) {
  runBadInputs().then(
    (r) => {
      if (process.argv.includes('--json')) {
        console.log(JSON.stringify(r, null, 2));
        process.exit(0);
      }
      for (const row of r.rows) {
        const mark = !row.changed && row.clear && !row.problem ? 'ok  ' : 'FAIL';
        console.log(`${mark} ${row.kind.padEnd(70)} ${row.changed ? `changed: ${row.changes!.join(', ')}` : 'no change'} | ${row.problem ? `PROBLEM: ${row.problem} | ` : ''}${row.answer.slice(0, 160)}`);
      }
      console.log(JSON.stringify({ kinds: r.kinds, stateChanges: r.stateChanges, unclearAnswers: r.unclearAnswers, problems: r.problems }));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
