/**
 * Klage på opplæring (seed 000, SPEC §3.2): "Det er et mål at alle klager løses på lavest mulig
 * nivå, dvs. i dialog mellom lærer/elev." The complaint moves through the routine's five stages,
 * and each stage keeps the minutes (referater) the routine asks for:
 *
 *  1. samtale_faglaerer  "Samtale med faglærer": the pupil(s) describe "så konkret som mulig hva
 *                        som oppleves som vanskelig".
 *  2. mote_tillitselev   "Samtale med faglærer og elevtillitsvalgt": tillitselev(er) and faglærer;
 *                        what the pupils want to raise, what they agree on, "en periode (frist)
 *                        for forandringer"; "Nytt møte settes opp etter tre uker"; "Referatet
 *                        skrives under av møtedeltakere". The follow-up meeting decides whether
 *                        "forholdene ikke bedrer seg etter avtalt periode".
 *  3. skriftlig_klage    The written complaint to "leder med elevoppfølgingsansvar", with the
 *                        minutes attached and the reason it goes to the leader.
 *  4. oppfolging_leder   The leader "orienterer lærer om at klage er mottatt" (entering stage 4),
 *                        holds separate conversations with tillitselev and lærer ("Det skrives
 *                        referater"), then a joint meeting ("Forslag til løsninger drøftes og
 *                        velges. Leder skriver referat").
 *  5. rektor             "behandles den av rektor med utgangspunkt i referater og foreslåtte
 *                        løsninger".
 *
 * The complaint can be resolved (closed with a note) at any stage. A stage is never skipped
 * silently: moving past the next stage needs a recorded reason, and only a leader may do it.
 *
 * Pure functions, as in casework.ts: each checks who may act (with memberships looked up on the
 * server), validates what was typed (returning form errors, never throwing for what the user can
 * fix), and returns the new complaint plus the log entry to append. Pupils have no membership:
 * they appear by name only, and their signatures on the paper minutes are confirmed by a member of
 * staff who took part in the meeting. Log details hold ids and codes, never minutes text or pupil
 * names; the only free text in a log entry is a leader's reason for skipping a stage (the routine's
 * case record, as rektor's note in case.ts). The records are in complaint-records.ts and the
 * minutes in complaint-minutes.ts, the follow-up meeting of stage 2 in complaint-follow-up.ts (all
 * exported here too); who may act in complaint-access.ts; the stages' deadlines in complaint-deadlines.ts.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import {
  atSchool,
  cleanPupils,
  complaintRoles,
  isLeader,
  mayActAt,
  mayRegisterComplaint,
  pupilErrors,
  refuse,
  requireActor,
  textError,
} from './complaint-access';
import { allSigned, latestMinutes } from './complaint-minutes';
import { followUpOn } from './complaint-follow-up';
import {
  COMPLAINT_LIMITS,
  ComplaintError,
  type ComplaintFormError,
  type ComplaintLogAction,
  type ComplaintLogEntry,
  type ComplaintResult,
  type ComplaintStage,
  type Minutes,
  MINUTES_KINDS,
  type MinutesKind,
  type TeachingComplaint,
  type WrittenComplaint,
} from './complaint-records';

export * from './complaint-records';
export * from './complaint-minutes';
export * from './complaint-follow-up';
export { complaintRoles, mayRegisterComplaint, type ComplaintRoles } from './complaint-access';

export const formatComplaintRef = (year: number, n: number): string => `KL-${year}-${String(n).padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------
// Registration

export interface ComplaintDraft {
  class: string;
  subject: string;
  teacherId: string;
  /** The tillitselev(er) when already known; usually chosen for the stage-2 meeting. */
  representatives: string[];
}

export function validateComplaint(d: ComplaintDraft, ctx: { classes: string[]; staff: Membership[]; schoolId: string }): ComplaintFormError[] {
  const errors: ComplaintFormError[] = [];
  if (d.class === '') errors.push({ field: 'class', problem: 'required' });
  else if (!ctx.classes.includes(d.class)) errors.push({ field: 'class', problem: 'invalid' });
  textError(errors, 'subject', d.subject, true, COMPLAINT_LIMITS.subject);
  if (d.teacherId === '') errors.push({ field: 'teacherId', problem: 'required' });
  else if (!ctx.staff.some((s) => s.userId === d.teacherId && s.schoolId === ctx.schoolId && isStaff(s) && !hasRole(s, 'skoleeier')))
    errors.push({ field: 'teacherId', problem: 'notStaff' });
  errors.push(...pupilErrors('representatives', d.representatives, false));
  return errors;
}

/** A complaint starts at stage 1, the pupils' conversation with the subject teacher. */
export function registerComplaint(
  actor: Membership | undefined,
  d: ComplaintDraft,
  o: { complaintId: string; ref: string; now: string; classes: string[]; staff: Membership[]; leader: Membership | undefined },
): ComplaintResult | ComplaintFormError[] {
  if (!actor || !mayRegisterComplaint(actor, actor.schoolId, d.teacherId, d.class)) throw new DomainError('common.NO_ROLE', { action: 'klage', ask: 'leder' });
  const { leader } = o;
  if (!leader || leader.schoolId !== actor.schoolId || leader.tenantId !== actor.tenantId || !isLeader(leader)) throw new DomainError('common.LEADER_INVALID');
  const errors = validateComplaint(d, { classes: o.classes, staff: o.staff, schoolId: actor.schoolId });
  if (errors.length) return errors;
  const complaint: TeachingComplaint = {
    tenantId: actor.tenantId,
    schoolId: actor.schoolId,
    complaintId: o.complaintId,
    ref: o.ref,
    class: d.class,
    subject: d.subject.trim(),
    teacherId: d.teacherId,
    representatives: cleanPupils(d.representatives),
    registeredBy: actor.userId,
    registeredAt: o.now,
    leaderId: leader.userId,
    stage: 1,
    stageSince: o.now,
    status: 'apen',
    minutes: [],
    teacherInformedAt: '',
    skips: [],
  };
  return { complaint, log: { at: o.now, actorId: actor.userId, action: 'klage_registrert', detail: `ref=${o.ref};faglaerer=${d.teacherId};leder=${leader.userId}` } };
}

/** The responsible leader (or rektor) hands the follow-up to another leader, e.g. the one with personalansvar. */
export function assignLeader(c: TeachingComplaint, actor: Membership | undefined, leader: Membership | undefined, now: string): ComplaintResult {
  const r = complaintRoles(c, actor);
  if (!r.leader && !r.rektor) refuse(r, 'leder');
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  if (c.stage === 5) throw new ComplaintError('complaint.NOT_AT_STAGE', { stage: c.stage });
  if (!leader || !atSchool(c, leader) || !isLeader(leader)) throw new DomainError('common.LEADER_INVALID');
  if (leader.userId === c.leaderId) throw new ComplaintError('complaint.SAME_LEADER');
  return { complaint: { ...c, leaderId: leader.userId }, log: { at: now, actorId: actor!.userId, action: 'leder_endret', detail: `leder=${leader.userId}` } };
}

// ---------------------------------------------------------------------------------------------
// Moving between stages

/** What still keeps the complaint at its stage, first problem first (empty: the stage is done). */
export function missingForStage(c: TeachingComplaint): ComplaintError[] {
  const missing: ComplaintError[] = [];
  const need = (kind: MinutesKind): Minutes | undefined => {
    const m = latestMinutes(c, kind);
    if (!m) missing.push(new ComplaintError('complaint.MINUTES_MISSING', { kind }));
    else if (m.requiresSignatures && !allSigned(m)) missing.push(new ComplaintError('complaint.MINUTES_NOT_APPROVED', { kind, referat: m.minutesId }));
    return m;
  };
  switch (c.stage) {
    case 1:
      need('samtale_faglaerer');
      break;
    case 2: {
      const m = need('mote_tillitselev');
      if (m && (!c.followUp || c.followUp.minutesId !== m.minutesId)) missing.push(new ComplaintError('complaint.FOLLOW_UP_NOT_HELD', { oppfolging: followUpOn(c) }));
      else if (m && c.followUp?.outcome === 'bedret') missing.push(new ComplaintError('complaint.CONDITIONS_IMPROVED'));
      break;
    }
    case 3:
      // Received: the leader begins stage 4 by telling the teacher.
      break;
    case 4:
      need('samtale_tillitselev');
      need('samtale_faglaerer_leder');
      need('felles_mote');
      break;
    case 5:
      missing.push(new ComplaintError('complaint.FINAL_STAGE'));
      break;
  }
  return missing;
}

const latestIds = (c: TeachingComplaint, kinds: readonly MinutesKind[]): string[] =>
  kinds.map((k) => latestMinutes(c, k)?.minutesId).filter((id): id is string => !!id);

/**
 * Checks a move from the current stage to `to` and returns who makes it. The next stage needs the
 * current one done; a later stage is a skip, which only the responsible leader or rektor may make,
 * and only with a reason.
 */
function checkMove(c: TeachingComplaint, actor: Membership | undefined, to: number, reason: string): { by: Membership; skip: boolean } {
  const r = complaintRoles(c, actor);
  if (!r.sees) throw new DomainError('common.NOT_FOUND');
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  if (c.stage === 5) throw new ComplaintError('complaint.FINAL_STAGE');
  if (!Number.isInteger(to) || to < 1 || to > 5) throw new DomainError('common.INVALID_INPUT', { field: 'to' });
  if (to <= c.stage) throw new ComplaintError('complaint.STAGE_PASSED', { stage: c.stage, to });
  const skip = to > c.stage + 1;
  if (skip) {
    if (!r.leader && !r.rektor) throw new DomainError('common.NO_ROLE', { ask: 'leder' });
    if (reason.trim() === '') throw new ComplaintError('complaint.STAGE_SKIPPED', { from: c.stage, to });
    if (reason.length > COMPLAINT_LIMITS.reason) throw new DomainError('common.INVALID_INPUT', { field: 'reason', limit: COMPLAINT_LIMITS.reason });
  } else {
    if (!mayActAt(c.stage, r)) refuse(r, 'leder');
    const missing = missingForStage(c);
    if (missing.length) throw missing[0];
  }
  return { by: actor!, skip };
}

function move(c: TeachingComplaint, by: Membership, to: ComplaintStage, skip: boolean, reason: string, now: string): TeachingComplaint {
  return {
    ...c,
    stage: to,
    stageSince: now,
    skips: skip ? [...c.skips, { from: c.stage, to, reason: reason.trim(), at: now, by: by.userId }] : c.skips,
  };
}

const moveLog = (c: TeachingComplaint, by: Membership, to: ComplaintStage, skip: boolean, reason: string, now: string, action: ComplaintLogAction, extra = ''): ComplaintLogEntry => ({
  at: now,
  actorId: by.userId,
  action: skip ? 'trinn_hoppet_over' : action,
  detail: `fra=${c.stage};til=${to}${extra}${skip ? `;grunn=${reason.trim()}` : ''}`,
});

/**
 * Moves the complaint to stage `to`. The next stage needs the current stage done (its minutes,
 * signatures and follow-up); any later stage is a skip and needs `reason`, which is kept and
 * logged. Stage 3 is entered only with the written complaint (escalateToLeader); entering stage 4
 * records that the leader has told the teacher the complaint is received.
 */
export function advance(c: TeachingComplaint, actor: Membership | undefined, o: { to: number; reason?: string; now: string }): ComplaintResult {
  const reason = o.reason ?? '';
  const { by, skip } = checkMove(c, actor, o.to, reason);
  const to = o.to as ComplaintStage;
  if (to === 3) throw new ComplaintError('complaint.WRITTEN_COMPLAINT_REQUIRED');
  if (to === 4 && !mayActAt(4, complaintRoles(c, actor))) throw new DomainError('common.NO_ROLE', { ask: 'leder' });
  const action: ComplaintLogAction = to === 4 ? 'laerer_orientert' : to === 5 ? 'til_rektor' : 'trinn_videre';
  const next = move(c, by, to, skip, reason, o.now);
  const withRektor = to === 5 ? { ...next, toRektor: { minutesIds: latestIds(c, MINUTES_KINDS), note: '', at: o.now, by: by.userId } } : next;
  return { complaint: withRektor, log: moveLog(c, by, to, skip, reason, o.now, action) };
}

/** The current stage is done: on to the next one. */
export const completeStage = (c: TeachingComplaint, actor: Membership | undefined, now: string): ComplaintResult => advance(c, actor, { to: c.stage + 1, now });

/** Stage 3 → 4: the leader tells the teacher the complaint is received and that a conversation follows. */
export const informTeacher = (c: TeachingComplaint, actor: Membership | undefined, now: string): ComplaintResult => advance(c, actor, { to: 4, now });

/**
 * Stage 4 begins with «Leder … orienterer lærer om at klage er mottatt»: the teacher counts as
 * informed when the notice saying so reached them, not when it was sent. Once.
 */
export function teacherInformed(c: TeachingComplaint, deliveredAt: string): ComplaintResult | undefined {
  if (c.teacherInformedAt || c.stage < 4) return undefined;
  return { complaint: { ...c, teacherInformedAt: deliveredAt }, log: { at: deliveredAt, actorId: c.leaderId, action: 'laerer_informert', detail: `faglaerer=${c.teacherId};levert=ja` } };
}

export interface WrittenComplaintDraft {
  text: string;
  /** Why the complaint is put to the leader. */
  reason: string;
}

/**
 * Stage 3: "Elev/tillitselev utformer skriftlig klage på opplæringen og leverer dette til leder
 * med elevoppfølgingsansvar". The responsible leader records it as received; the minutes of the
 * conversations held are attached, and the reason it goes to the leader is required. From stage 1
 * (the tillitselev meeting not held) it is a skip and needs `skipReason`.
 */
export function escalateToLeader(c: TeachingComplaint, actor: Membership | undefined, d: WrittenComplaintDraft & { skipReason?: string }, now: string): ComplaintResult | ComplaintFormError[] {
  const step = leaderMove(c, actor, 3, d.skipReason ?? '', now);
  const errors: ComplaintFormError[] = [];
  textError(errors, 'text', d.text, true, COMPLAINT_LIMITS.text);
  textError(errors, 'reason', d.reason, true, COMPLAINT_LIMITS.reason);
  if (errors.length) return errors;
  const minutesIds = latestIds(c, ['samtale_faglaerer', 'mote_tillitselev']);
  const writtenComplaint: WrittenComplaint = { text: d.text.trim(), reason: d.reason.trim(), minutesIds, receivedAt: now, receivedBy: step.by.userId };
  return step.moved({ writtenComplaint }, 'klage_til_leder', minutesIds);
}

/**
 * Stage 5: "Dersom saken ikke løses etter dette, behandles den av rektor med utgangspunkt i
 * referater og foreslåtte løsninger." The responsible leader hands it over with every latest
 * minutes (the joint meeting's carries the proposed solutions) and an optional note. From stage 3
 * it is a skip and needs `skipReason`.
 */
export function handToRektor(c: TeachingComplaint, actor: Membership | undefined, d: { note: string; skipReason?: string }, now: string): ComplaintResult | ComplaintFormError[] {
  const step = leaderMove(c, actor, 5, d.skipReason ?? '', now);
  const errors: ComplaintFormError[] = [];
  textError(errors, 'note', d.note, false, COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  const minutesIds = latestIds(c, MINUTES_KINDS);
  return step.moved({ toRektor: { minutesIds, note: d.note.trim(), at: now, by: step.by.userId } }, 'til_rektor', minutesIds);
}

/**
 * A stage only the responsible leader moves the complaint to (3, the written complaint; 5, to
 * rektor): refused for anyone else before anything is checked; a skip needs its reason. `moved`
 * is the complaint at that stage with what the step records, logged with the minutes it carries.
 */
function leaderMove(c: TeachingComplaint, actor: Membership | undefined, to: 3 | 5, skipReason: string, now: string) {
  const r = complaintRoles(c, actor);
  if (!r.leader) refuse(r, 'leder');
  const { by, skip } = checkMove(c, actor, to, skipReason);
  return {
    by,
    moved: (record: Partial<TeachingComplaint>, action: ComplaintLogAction, minutesIds: string[]): ComplaintResult => ({
      complaint: { ...move(c, by, to, skip, skipReason, now), ...record },
      log: moveLog(c, by, to, skip, skipReason, now, action, `;referater=${minutesIds.join(',')}`),
    }),
  };
}

/**
 * Closes the complaint as resolved at its current stage, with a note: at stages 1–2 by the
 * teacher, the registrar, the leader or rektor; at 3–4 by the responsible leader; at 5 by rektor
 * only (rektor's handling ends the routine).
 */
export function resolve(c: TeachingComplaint, actor: Membership | undefined, note: string, now: string): ComplaintResult | ComplaintFormError[] {
  const by = requireActor(c, actor, c.stage);
  const errors: ComplaintFormError[] = [];
  textError(errors, 'note', note, true, COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  return {
    complaint: { ...c, status: 'avsluttet', resolution: { stage: c.stage, note: note.trim(), at: now, by: by.userId } },
    log: { at: now, actorId: by.userId, action: 'klage_avsluttet', detail: `trinn=${c.stage}` },
  };
}
