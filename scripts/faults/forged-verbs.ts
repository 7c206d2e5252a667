/**
 * The forged-action harness (issue 13): every card verb in the handler map (VERBS, enumerated from
 * the map itself, so a new verb is covered without editing anything here), sent through the real
 * endpoint with Azurite by people who must get nothing:
 *
 *   pupil              Emma, a pupil (no membership), with the real records' ids
 *   staff without role Mona, avdelingsleder of another trinn: staff at the school, no part in any record
 *   other school       Eva, rektor at Nordberg
 *   other tenant       rektor's own ids, from another tenant
 *   another record     Lars (who has the records) with Nordberg's school id and its case
 *   stale stage        the pupil with a stage the complaint is not at (H1's trick: stage 5)
 *   replay             Mona's request again, with the same activity id
 *
 * Each kind is sent twice: with the ids of records that exist, and with ids never stored. Measured:
 * every table before and after each verb (0 changes), every reply searched for the seeded pupil
 * names, texts and references (0 bytes of another record), and the two replies compared (the same
 * answer for an existing and a missing id).
 *
 *   runForgedVerbs()   used by test/faults/forged-verbs.test.ts; `npx tsx scripts/faults/forged-verbs.ts` prints the rows
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { startAzurite } from '../azurite';
import { FakeConnector } from '../../test/support/connector';
import { startTestApp, type TestApp } from '../../test/support/app';
import { cardText, findVerb, persona, validReport, type As } from '../../test/support/bot-client';
import { testTables, uniquePrefix } from '../../test/support/tables';
import type { Tables } from '../../src/adapters/tables/table-client';
import { VERBS } from '../../src/adapters/teams/handlers';
import { DEMO_TENANT } from '../../src/seed';
import { diff, readReply, snapshot } from './bad-inputs';

const OTHER_TENANT = '0badc0de-0000-4000-8000-000000000099';
const S = 'ellingsrud';
const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const mona = persona('Mona');
const eva = persona('Eva');
const per = persona('Per');
const emma = persona('Emma');

/** Every pupil name, complainant and free text the setup stores carries one of these: none may reach a forger. */
const SURNAME = 'Hemmeligsen';
const TEXT = 'HEMMELIG';
/** The Nordberg case's own. */
const OTHER_SURNAME = 'Lønnligstad';
const OTHER_TEXT = 'LØNNLIG';

export const FORGED_KINDS = ['as a pupil', 'as staff without the role', 'as rektor of another school', 'from another tenant', 'with another record’s ids', 'with a stale stage', 'replayed'] as const;
export type ForgedKind = (typeof FORGED_KINDS)[number];

export interface ForgedRow {
  verb: string;
  kind: ForgedKind;
  /** What the forger read (existing ids), whitespace folded. */
  answer: string;
  /** What they read with ids never stored. */
  missingAnswer: string;
  /** Seeded names, texts or references found in either reply. */
  leaked: string[];
}

export interface ForgedResult {
  verbs: string[];
  rows: ForgedRow[];
  /** Per verb: table entities added, changed or removed by all its forged requests (keys only). */
  changes: Record<string, string[]>;
  /** What the rightful people read, to show the markers are real (the search above would find them). */
  controls: Record<string, string>;
  timing: Record<string, number>;
  /** H1's exact request (tc.next, {schoolId, complaintId, stage: 5}): what each sender read. */
  h1: { pupil: string; otherRektor: string; pupilUnknownId: string; otherRektorUnknownId: string; registrar: string; secrets: string; changes: string };
}

interface Ctx {
  app: TestApp;
  tables: Tables;
  prefix: string;
  connector: FakeConnector;
  ids: Record<string, string>;
  secrets: string[];
  /** The Nordberg case's: what Lars (who has the Ellingsrud records) must not see. */
  otherSecrets: string[];
}

const base = (ctx: Ctx, as: As) => ({
  channelId: 'msteams',
  serviceUrl: ctx.connector.url,
  locale: as.locale ?? 'nb-NO',
  from: { id: as.teamsId, aadObjectId: as.userId, name: '' },
  recipient: { id: '28:bot', name: 'Meld fra' },
  conversation: { id: as.conversationId ?? `a:conv-${as.userId}`, conversationType: 'personal', tenantId: as.tenantId ?? DEMO_TENANT },
  channelData: { tenant: { id: as.tenantId ?? DEMO_TENANT } },
});

async function post(ctx: Ctx, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${ctx.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}
const invoke = (ctx: Ctx, as: As, verb: string, data: unknown, id: string = randomUUID()) =>
  post(ctx, { ...base(ctx, as), type: 'invoke', name: 'adaptiveCard/action', id, replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb, data } } });
const act = async (ctx: Ctx, as: As, verb: string, data: unknown, id?: string): Promise<string> => {
  const r = await invoke(ctx, as, verb, data, id);
  return readReply(r.status, r.text);
};
const actCard = async (ctx: Ctx, as: As, verb: string, data: unknown): Promise<any> => {
  const r = await invoke(ctx, as, verb, data);
  if (r.status !== 200) throw new Error(`setup: ${verb} answered HTTP ${r.status}`);
  return (JSON.parse(r.text) as { value: unknown }).value;
};
const say = async (ctx: Ctx, as: As, text: string): Promise<any[]> => {
  const r = await post(ctx, { ...base(ctx, as), type: 'message', id: randomUUID(), text, deliveryMode: 'expectReplies' });
  const body = JSON.parse(r.text) as { activities: { text?: string; attachments?: { content: unknown }[] }[] };
  return body.activities.flatMap((a) => (a.attachments ?? []).map((x) => x.content));
};
const sayText = async (ctx: Ctx, as: As, text: string): Promise<string> => {
  const r = await post(ctx, { ...base(ctx, as), type: 'message', id: randomUUID(), text, deliveryMode: 'expectReplies' });
  return readReply(r.status, r.text);
};

/** The records every verb is forged against, made through the same endpoint by the people who own them. */
async function setup(ctx: Ctx): Promise<void> {
  const ids = ctx.ids;
  for (const p of [kari, rektor, lars, mona, eva, per, emma]) await say(ctx, p, 'hjelp');

  // A skolemiljø case reported by Kari, forwarded to Lars.
  const form = findVerb((await say(ctx, kari, 'meld fra'))[0], 'Send meldingen').data;
  const receipt = await actCard(ctx, kari, 'report.submit', { ...form, ...validReport({ pupilName: `Ola ${SURNAME}`, observed: `${TEXT}-SAK Ola ble holdt utenfor.`, where: `${TEXT}-STED` }) });
  ids.caseRef = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  ids.caseId = (await ctx.app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ids.caseRef)!.caseId;
  await ctx.app.dispatcher.idle();
  await actCard(ctx, rektor, 'case.forward', { schoolId: S, caseId: ids.caseId, leaderId: lars.userId });
  // A case at Nordberg (Per works there too): "another record" for Lars.
  const perForm = findVerb(await actCard(ctx, per, 'report.start', { schoolId: 'nordberg' }), 'Send meldingen').data;
  const b = await actCard(ctx, per, 'report.submit', { ...perForm, ...validReport({ schoolId: 'nordberg', pupilClass: '5B', pupilName: `Nils ${OTHER_SURNAME}`, observed: `${OTHER_TEXT} Nils` }) });
  ids.otherCaseRef = /SM-\d{4}-\d{4}/.exec(cardText(b))![0];
  ids.otherCaseId = (await ctx.app.cases.listBySchool(DEMO_TENANT, 'nordberg')).find((c) => c.ref === ids.otherCaseRef)!.caseId;

  // A complaint about Per's teaching, registered by Lars (seed 001: only a leader takes a complaint about a colleague).
  const choice = (await say(ctx, lars, 'klage'))[0];
  const tcForm = await actCard(ctx, lars, 'complaint.choose', { ...findVerb(choice, 'Gå videre').data, about: 'undervisning' });
  const tc = await actCard(ctx, lars, 'tc.submit', {
    ...findVerb(tcForm, 'Registrer klagen').data, class: '8A', subject: 'Matematikk', teacherId: per.userId, representatives: `Tiril ${SURNAME}`, description: `${TEXT}-KLAGE Gjennomgangen går for fort`,
  });
  ids.tcRef = /KL-\d{4}-\d{4}/.exec(cardText(tc))?.[0] ?? '';
  ids.teachingComplaintId = String(findVerb(tc, 'Avslutt klagen').data.complaintId);

  // A complaint about Per, received by Lars.
  const pkForm = findVerb(await actCard(ctx, lars, 'complaint.choose', { about: 'ansatt' }), 'Registrer klagen').data;
  const pk = await actCard(ctx, lars, 'pk.submit', {
    ...pkForm, employeeId: per.userId, complainantKind: 'foresatt', complainantName: `Hilde ${SURNAME}`, route: 'direkte_kontakt_uten_resultat',
    summary: `${TEXT}-PERSONALKLAGE nedsettende`, talkedOn: '2026-11-02', written: 'mottatt', procedureExplained: 'true', pupilOffence: 'false',
  });
  ids.pkRef = /PK-\d{4}-\d{4}/.exec(cardText(pk))![0];
  ids.staffComplaintId = String(findVerb(pk, 'Informer den ansatte').data.complaintId);

  // Three days' leave for a pupil in 8A: waits for Lars.
  const leaveForm = findVerb((await say(ctx, kari, 'permisjon'))[0], 'Registrer søknaden').data;
  const leave = await actCard(ctx, kari, 'leave.submit', { ...leaveForm, pupilName: `Nora ${SURNAME}`, pupilClass: '8A', from: '2026-11-30', to: '2026-12-02', reason: `${TEXT}-PERMISJON` });
  ids.leaveRef = /PE-\d{4}-\d{4}/.exec(cardText(leave))?.[0] ?? '';
  ids.leaveId = String((await ctx.app.leave.pending({ tenantId: DEMO_TENANT, userId: lars.userId }))[0]?.leave.leaveId ?? '');

  // Kari's class roster, with one pupil.
  await act(ctx, kari, 'talks.roster.add', { schoolId: S, className: '8A', names: `Pia ${SURNAME}`, under18: 'true', newcomers: 'false' });
  const talks = await ctx.app.talks.show({ tenantId: DEMO_TENANT, userId: kari.userId }, S, '8A');
  ids.pupilId = talks.roster.pupils[0]?.pupilId ?? '';

  await ctx.app.dispatcher.idle();
  await ctx.app.leave.idle();
  for (const k of ['caseId', 'otherCaseId', 'teachingComplaintId', 'staffComplaintId', 'leaveId', 'pupilId']) if (!ids[k]) throw new Error(`setup: no ${k}`);
  ctx.otherSecrets = [OTHER_SURNAME, OTHER_TEXT];
  ctx.secrets = [SURNAME, TEXT, ids.caseRef, ids.tcRef, ids.pkRef, ids.leaveRef, ...ctx.otherSecrets].filter(Boolean);
}

/**
 * One card payload carrying the id of every record, as the real cards name them: whatever a verb
 * reads, it finds the real record's id there. `complaintId` is the staff complaint's for «pk.» verbs
 * and the teaching complaint's for every other.
 */
function payload(ctx: Ctx, verb: string, o: { missing?: boolean; schoolId?: string; caseId?: string; stage?: number } = {}): Record<string, unknown> {
  const x = (id: string) => (o.missing ? `${randomUUID()}` : id);
  const stage = o.stage ?? 5;
  return {
    schoolId: o.schoolId ?? S,
    caseId: x(o.caseId ?? ctx.ids.caseId),
    complaintId: x(verb.startsWith('pk.') ? ctx.ids.staffComplaintId : ctx.ids.teachingComplaintId),
    leaveId: x(ctx.ids.leaveId),
    className: '8A',
    pupilId: x(ctx.ids.pupilId),
    minutesId: x('m1'),
    formId: `forged-${verb}`,
    stage,
    from: stage,
    leaderId: mona.userId,
    memberId: mona.userId,
    decision: 'ikke_varsle',
    note: 'Forfalsket',
    kind: 'samtale_faglaerer',
    about: 'undervisning',
  };
}

/** Who sends each kind, and with which ids. */
function forged(ctx: Ctx, verb: string, kind: ForgedKind, missing: boolean): { as: As; data: Record<string, unknown> } {
  switch (kind) {
    case 'as a pupil':
      return { as: emma, data: payload(ctx, verb, { missing }) };
    case 'as staff without the role':
    case 'replayed':
      return { as: mona, data: payload(ctx, verb, { missing }) };
    case 'as rektor of another school':
      return { as: eva, data: payload(ctx, verb, { missing }) };
    case 'from another tenant':
      return { as: { ...rektor, tenantId: OTHER_TENANT }, data: payload(ctx, verb, { missing }) };
    case 'with another record’s ids':
      return { as: lars, data: payload(ctx, verb, { missing, schoolId: 'nordberg', caseId: ctx.ids.otherCaseId }) };
    case 'with a stale stage':
      return { as: emma, data: payload(ctx, verb, { missing, stage: 2 }) };
  }
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Verbs that read no record id from the card and act only within the asker's own roles: «Last ned
 * som CSV» on «oversikt» (issue 17) gives a rektor her own school's figures whatever the card says.
 * Sent by Eva, who is rektor (of Nordberg), it is not a forgery but her own request, and the one
 * change it may make is her own download link: a link row naming her, for the overview, no school
 * and no case. Any other change by these verbs still counts.
 */
const OWN_SCOPE_VERBS: ReadonlySet<string> = new Set(['overview.csv']);
function ownRequest(change: string, after: Map<string, string>, batch: string[]): boolean {
  if (!batch.some((v) => OWN_SCOPE_VERBS.has(v)) || !change.startsWith('added Idempotency|x_export|')) return false;
  const row = JSON.parse(after.get(change.slice('added '.length)) ?? '{}') as Record<string, unknown>;
  return row.userId === eva.userId && row.overview === 'csv' && row.schoolId === '' && row.caseId === '';
}

/** How many verbs are forged at once. */
const BATCH = 4;

/** Every kind against one verb, each with existing and with missing ids. */
async function forgeVerb(ctx: Ctx, verb: string): Promise<ForgedRow[]> {
  // Every kind but the replay at once (they are independent); the replay re-sends the very
  // activity «as staff without the role» sent (same activity id, same data), after it.
  const sent = new Map<boolean, { id: string; as: As; data: Record<string, unknown> }>();
  const send = async (kind: ForgedKind, missing: boolean): Promise<string> => {
    const f = kind === 'replayed' ? sent.get(missing)! : { id: randomUUID(), ...forged(ctx, verb, kind, missing) };
    if (kind === 'as staff without the role') sent.set(missing, f);
    const r = await invoke(ctx, f.as, verb, f.data, f.id);
    return fold(readReply(r.status, r.text));
  };
  const pairs = async (kind: ForgedKind) => ({ kind, answers: await Promise.all([send(kind, false), send(kind, true)]) });
  const done = await Promise.all(FORGED_KINDS.filter((k) => k !== 'replayed').map(pairs));
  done.push(await pairs('replayed'));
  return done.map(({ kind, answers }) => {
    const secrets = kind === 'with another record’s ids' ? ctx.otherSecrets : ctx.secrets;
    return { verb, kind, answer: answers[0], missingAnswer: answers[1], leaked: secrets.filter((x) => answers.some((a) => a.includes(x))) };
  });
}

export async function runForgedVerbs(o: { verbs?: string[] } = {}): Promise<ForgedResult> {
  let azurite: ChildProcess | undefined;
  if (!process.env.TEST_AZURITE_PORT) {
    const az = await startAzurite();
    azurite = az.proc;
    process.env.TEST_AZURITE_PORT = String(az.port);
  }
  const started = Date.now();
  const timing: Record<string, number> = {};
  const prefix = uniquePrefix();
  const connector = await new FakeConnector().start();
  const clock = { now: () => new Date('2026-11-25T09:30:00Z') };
  const app = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix } });
  const ctx: Ctx = { app, tables: testTables(prefix), prefix, connector, ids: {}, secrets: [], otherSecrets: [] };
  const verbs = (o.verbs ?? Object.keys(VERBS)).filter((v) => Object.hasOwn(VERBS, v));
  const rows: ForgedRow[] = [];
  const changes: Record<string, string[]> = {};
  const controls: Record<string, string> = {};
  const h1Answers: Record<string, string> = {};
  try {
    const t0 = Date.now();
    await setup(ctx);
    timing.setupMs = Date.now() - t0;
    controls.case = fold(await sayText(ctx, rektor, `sak ${ctx.ids.caseRef}`));
    controls.teachingComplaint = fold(await sayText(ctx, lars, `sak ${ctx.ids.tcRef}`));
    controls.staffComplaint = fold(await sayText(ctx, lars, `sak ${ctx.ids.pkRef}`));
    // Issue 13, H1, as the review sent it: «tc.next» with the complaint's ids and stage 5.
    const h1 = async (as: As, complaintId: string) => fold(await act(ctx, as, 'tc.next', { schoolId: S, complaintId, stage: 5 }));
    const unknown = randomUUID();
    const h1Before = await snapshot(ctx);
    h1Answers.pupil = await h1(emma, ctx.ids.teachingComplaintId);
    h1Answers.otherRektor = await h1(eva, ctx.ids.teachingComplaintId);
    h1Answers.pupilUnknownId = await h1(emma, unknown);
    h1Answers.otherRektorUnknownId = await h1(eva, unknown);
    // The registrar, with the same stale stage: he sees his complaint, unchanged.
    h1Answers.registrar = await h1(lars, ctx.ids.teachingComplaintId);
    h1Answers.secrets = ctx.secrets.join('|');
    h1Answers.changes = diff(h1Before, await snapshot(ctx)).join('; ');
    // Verbs in small batches at once, each batch between two snapshots of every table (the one
    // after a batch is the one before the next): a change is laid to the batch's verbs.
    let before = await snapshot(ctx);
    for (let i = 0; i < verbs.length; i += BATCH) {
      const batch = verbs.slice(i, i + BATCH);
      let t = Date.now();
      const out = await Promise.all(batch.map((verb) => forgeVerb(ctx, verb)));
      await app.dispatcher.idle();
      await app.leave.idle();
      timing.requestsMs = (timing.requestsMs ?? 0) + Date.now() - t;
      t = Date.now();
      const after = await snapshot(ctx);
      timing.snapshotMs = (timing.snapshotMs ?? 0) + Date.now() - t;
      const changed = diff(before, after).filter((c) => !ownRequest(c, after, batch));
      before = after;
      for (const [k, verb] of batch.entries()) {
        rows.push(...out[k]);
        changes[verb] = changed.length ? [`(with ${batch.join(', ')})`, ...changed] : [];
      }
    }
  } finally {
    await app.close();
    await connector.stop();
    if (azurite) {
      azurite.kill();
      delete process.env.TEST_AZURITE_PORT;
    }
  }
  timing.totalMs = Date.now() - started;
  return { verbs, rows, changes, controls, h1: h1Answers as ForgedResult['h1'], timing };
}

/** The section of docs/bad-inputs.md: one row per verb, one column per kind (changes / leaked bytes / same answer). */
export function markdown(r: ForgedResult): string {
  const cell = (verb: string, kind: ForgedKind) => {
    const row = r.rows.find((x) => x.verb === verb && x.kind === kind)!;
    return row.leaked.length || row.answer !== row.missingAnswer ? `**${row.leaked.length} leaked, ${row.answer === row.missingAnswer ? 'same' : 'differs'}**` : 'ok';
  };
  const bad = r.rows.filter((x) => x.leaked.length || x.answer !== x.missingAnswer).length;
  const changed = Object.values(r.changes).filter((c) => c.length).length;
  const lines = [
    `**${r.verbs.length} verbs × ${FORGED_KINDS.length} kinds = ${r.rows.length} kinds, each with existing and with missing ids (${r.rows.length * 2} requests): ${changed} verbs with state changes, ${bad} replies with another record's bytes or an answer that tells a real id from a missing one.**`,
    '',
    `| verb | changes | ${FORGED_KINDS.join(' | ')} | answer to the pupil (first 80 characters) |`,
    `| --- | --- | ${FORGED_KINDS.map(() => '---').join(' | ')} | --- |`,
    ...r.verbs.map((v) => `| \`${v}\` | ${r.changes[v].length ? r.changes[v].length - 1 : 0} | ${FORGED_KINDS.map((k) => cell(v, k)).join(' | ')} | ${r.rows.find((x) => x.verb === v && x.kind === 'as a pupil')!.answer.slice(0, 80).replace(/\|/g, '\\|')} |`),
  ];
  return lines.join('\n');
}

/** `npx tsx scripts/faults/forged-verbs.ts [--markdown]`: one line per verb × kind (or the docs section). */
if (require.main === module) {
  runForgedVerbs().then(
    (r) => {
      if (process.argv.includes('--markdown')) {
        console.log(markdown(r));
        process.exit(0);
      }
      for (const row of r.rows) {
        const same = row.answer === row.missingAnswer;
        const ok = same && !row.leaked.length && !r.changes[row.verb].length;
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${row.verb.padEnd(28)} ${row.kind.padEnd(28)} ${same ? '' : 'DIFFERS '}${row.leaked.length ? `LEAK ${row.leaked.join(',')} ` : ''}${row.answer.slice(0, 110)}`);
      }
      console.log(JSON.stringify({ timing: r.timing, verbs: r.verbs.length, kinds: FORGED_KINDS.length, requests: r.rows.length * 2, changed: Object.entries(r.changes).filter(([, c]) => c.length) }));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
