/**
 * "Meld fra": show the report card, validate it, save the case, queue the notices (SPEC §3.1.1–2).
 * The case is saved before any notice is queued; a repeated submit of the same form returns the
 * case it already made.
 */
import { openCase, routeOf, SkolemiljoCase } from '../domain/case';
import { DomainError } from '../domain/errors';
import { isStaff, Membership } from '../domain/people';
import { formatRef, ReferenceTaken } from '../domain/reference';
import { EMPTY_DRAFT, FieldError, isReport, Report, ReportDraft, validateReport } from '../domain/report';
import { noticesForNewCase, suggestLeader, unreachable, type NeededRole } from '../domain/routing';
import { investigationDaysFor, School, SchoolClass } from '../domain/school';
import type { CaseLog, CaseStore, Clock, Delivered, Directory, IdGenerator, CaseRefs, Submission } from '../ports';
import { noMetrics, type Metrics } from '../ports/metrics';
import type { Actor } from './actor';
import type { NoticeDispatcher } from './deliver-notices';
import { calendarFor, instantAt, schoolDate } from './school-time';
import { firstReminder, PUPIL_INFORMED_SCHOOL_DAYS, type Reminder } from '../domain/reminders';
import { addSchoolDays } from '../domain/school-calendar';

/** Why a valid form was not sent: the user's hourly limit (until when), or a form id not issued to them. */
export type FormRefusal = { kind: 'tooMany'; until: string; limit: number } | { kind: 'notIssued' };

export type ReportFormResult =
  | { kind: 'pickSchool'; schools: School[] }
  | {
      kind: 'form';
      school: School;
      classes: SchoolClass[];
      schools: School[];
      draft: ReportDraft;
      errors: FieldError[];
      today: string;
      refusal?: FormRefusal;
      /** A form id issued afresh, when the one sent back was not this user's. */
      formId?: string;
    };

/** Report forms issued per user, the forms they filed, and the reports each user filed lately (see ReportFormsRepository). */
export interface ReportForms {
  issueForm(user: string, formId: string): Promise<void>;
  /** Whether the form was issued to this user, and the case it was filed as (the claim under `claimKey`), read at once. */
  lookUp(user: string, formId: string, claimKey: string): Promise<FormLookUp>;
  /**
   * Files a form not filed yet: one of the user's slots in the sliding window (at most `limit`)
   * and the claim, together; a form counted before takes no second slot. `first` is false when
   * another request filed the same form meanwhile (its case id is returned).
   */
  file(user: string, formId: string, claimKey: string, value: Submission, o: { nowIso: string; windowMs: number; limit: number }, seen: FormLookUp): Promise<Filed>;
}

/** What lookUp read (the repository keeps what it needs for file() beside it). */
export interface FormLookUp {
  issued: boolean;
  filed?: Submission;
}

export type Filed = { kind: 'claimed'; first: boolean; value: Submission } | { kind: 'tooMany'; until: string };

const HOUR_MS = 60 * 60_000;

/** Whom the report has not reached yet, and how the reporter reaches the school owner meanwhile. */
export interface Waiting {
  unreached: NeededRole[];
  ownerPhone?: string;
  ownerEmail?: string;
}

export type SubmitResult = ReportFormResult | { kind: 'receipt'; case: SkolemiljoCase; duplicate: boolean; waiting: Waiting };

const DUPLICATE_WAIT_MS = 3000;
/** Tries of a report whose reference number other instances took meanwhile (each try reads the highest taken). */
const REF_TRIES = 10;

export interface ReportConcernDeps {
  directory: Directory;
  cases: CaseStore;
  log: CaseLog;
  /** The case references' numbers (the case's transaction makes each unique). */
  refs: CaseRefs;
  forms: ReportForms;
  /** At most this many reports per user in any hour (REPORTS_PER_HOUR): each one notifies rektor. */
  reportsPerHour: number;
  ids: IdGenerator;
  clock: Clock;
  dispatcher: NoticeDispatcher;
  /** Told once per report saved; a form sent twice is one report (unset: not counted). */
  metrics?: Metrics;
}

export class ReportConcern {
  constructor(private readonly d: ReportConcernDeps) {}

  private async staffMemberships(actor: Actor): Promise<Membership[]> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    if (ms.length === 0) throw new DomainError('common.NOT_STAFF');
    return ms;
  }

  private async schools(ms: Membership[]): Promise<School[]> {
    const all = await Promise.all(ms.map((m) => this.d.directory.getSchool(m.tenantId, m.schoolId)));
    return all.filter((s): s is School => !!s);
  }

  /** The user's staff memberships, as stored (for routing decisions made outside the report). */
  async memberships(actor: Actor): Promise<Membership[]> {
    return this.staffMemberships(actor);
  }

  /**
   * A form id for a report card, issued to this user: a submit with an id the server did not
   * issue to the same user is refused, so the client never chooses the key a report is filed
   * under (or the complaint a report is linked to).
   */
  async issueForm(actor: Actor, prefix = ''): Promise<string> {
    const formId = `${prefix}${this.d.ids.next()}`;
    await this.d.forms.issueForm(userKey(actor), formId);
    return formId;
  }

  /** The empty card, or the school picker for staff at several schools. */
  async start(actor: Actor, schoolId?: string, draft: ReportDraft = EMPTY_DRAFT): Promise<ReportFormResult> {
    const ms = await this.staffMemberships(actor);
    const schools = await this.schools(ms);
    const chosen = schoolId ?? (schools.length === 1 ? schools[0].schoolId : undefined);
    if (!chosen) return { kind: 'pickSchool', schools };
    return this.form(actor, ms, schools, { ...draft, schoolId: chosen }, []);
  }

  private async form(actor: Actor, ms: Membership[], schools: School[], draft: ReportDraft, errors: FieldError[], read?: Promise<SchoolClass[]>): Promise<ReportFormResult> {
    const school = schools.find((s) => s.schoolId === draft.schoolId);
    if (!school || !ms.some((m) => m.schoolId === school.schoolId)) throw new DomainError('common.SCHOOL_UNKNOWN');
    const classes = await (read ?? this.d.directory.listClasses(actor.tenantId, school.schoolId));
    return { kind: 'form', school, classes, schools, draft, errors, today: schoolDate(this.d.clock.now()).today };
  }

  /** `receipt`: where the receipt will be shown (the card sent), remembered with the notices so it follows the case. */
  async submit(actor: Actor, draft: ReportDraft, formId: string, receipt?: Delivered): Promise<SubmitResult> {
    const ms = await this.staffMemberships(actor);
    // The classes are read beside the schools (one wait, not two), only for a school of the user's own.
    const mine = ms.some((m) => m.schoolId === draft.schoolId);
    const [schools, classes] = await Promise.all([this.schools(ms), mine ? this.d.directory.listClasses(actor.tenantId, draft.schoolId) : undefined]);
    const shown = await this.form(actor, ms, schools, draft, [], classes && Promise.resolve(classes));
    if (shown.kind !== 'form') return shown;
    const { today, year } = schoolDate(this.d.clock.now());
    const report = validateReport(draft, { classes: shown.classes.map((c) => c.name), today });
    if (!isReport(report)) return { ...shown, errors: report };

    const schoolId = shown.school.schoolId;
    // What was typed comes back on the same card with the reason, and a form id of their own.
    // The form id also scopes the submission to this user and school: replaying it elsewhere cannot reach another case.
    const key = `${actor.tenantId}|${schoolId}|${actor.userId}|${formId}`;
    // One read; what is claimed decides nothing unless the form was issued to this user.
    const seen = await this.d.forms.lookUp(userKey(actor), formId, key);
    if (!seen.issued) return { ...shown, refusal: { kind: 'notIssued' }, formId: await this.issueForm(actor) };
    // A form already filed is answered with its receipt, and takes no second slot.
    const claim = seen.filed
      ? { kind: 'claimed' as const, first: false, value: seen.filed }
      : await this.d.forms.file(userKey(actor), formId, key, { caseId: this.d.ids.next() }, { nowIso: this.d.clock.now().toISOString(), windowMs: HOUR_MS, limit: this.d.reportsPerHour }, seen);
    if (claim.kind === 'tooMany') return { ...shown, refusal: { kind: 'tooMany', until: claim.until, limit: this.d.reportsPerHour } };
    const caseId = claim.value.caseId;
    // A first claim names a case id made just now: no case can have it yet, so there is nothing to read.
    const existing = claim.first ? undefined : await this.findSoon(actor.tenantId, schoolId, caseId, DUPLICATE_WAIT_MS);
    if (existing) {
      // The first attempt may have stopped after saving the case but before its notices (a crash,
      // storage gone): finish them, or rektor would never be told.
      const staffNow = await this.d.directory.staffOf(actor.tenantId, schoolId);
      await this.finish(existing, staffNow, { logged: false, receipt });
      return { kind: 'receipt', case: existing, duplicate: true, waiting: waitingFor(existing, staffNow, shown.school) };
    }
    // A claim without a case means the first attempt stopped half-way: finish it here.

    const staff = await this.d.directory.staffOf(actor.tenantId, schoolId);
    const now = this.d.clock.now().toISOString();
    const opening = { tenantId: actor.tenantId, schoolId, caseId, now, reporterId: actor.userId, report, school: shown.school, classes: shown.classes, staff, today };
    // The number is this instance's next; the case's transaction makes it unique. Taken by another
    // instance at the same moment: nothing was saved, and the next number past the highest is tried.
    let saved: { case: SkolemiljoCase; created: boolean } | undefined;
    for (let attempt = 1; !saved; attempt++) {
      const n = await this.d.refs.propose(actor.tenantId, schoolId, year);
      const { opened, first } = this.open({ ...opening, ref: formatRef(year, n) });
      try {
        // Its first log entries too ('meldt', and whom a §12-5 report went to): a case saved is a case logged.
        saved = await this.d.cases.create(opened.case, first, opened.logs);
      } catch (e) {
        if (!(e instanceof ReferenceTaken) || attempt >= REF_TRIES) throw e;
        await this.d.refs.taken(actor.tenantId, schoolId, year, e.highest);
      }
    }
    if (saved.created) (this.d.metrics ?? noMetrics).reportCreated({ staffSuspected: saved.case.report.staffSuspected, leadershipSuspected: saved.case.report.leadershipSuspected });
    // Should the notices fail, the same form sent again finds the case and queues what is missing (finish).
    await this.finish(saved.case, staff, { logged: saved.created, receipt });
    return { kind: 'receipt', case: saved.case, duplicate: !saved.created, waiting: waitingFor(saved.case, staff, shown.school) };
  }

  /**
   * The case as opened with its reference, and its first reminders, written with it in one step:
   * the investigation deadline, and a pupil not yet told that the school is acting (004 §8.3).
   */
  private open(o: { tenantId: string; schoolId: string; caseId: string; ref: string; now: string; reporterId: string; report: Report; school: School; classes: SchoolClass[]; staff: Membership[]; today: string }) {
    const { report, school, today } = o;
    const opened = openCase({
      tenantId: o.tenantId,
      schoolId: o.schoolId,
      caseId: o.caseId,
      ref: o.ref,
      now: o.now,
      reporterId: o.reporterId,
      report,
      suggestedLeaderId: suggestLeader(report.pupilClass, o.classes, o.staff),
      // §12-5 «straks»: a skjerpet case is investigated the same or the next school day.
      investigationDue: addSchoolDays(today, investigationDaysFor(school, routeOf(report)), calendarFor(school, today)),
    });
    const first: Reminder[] = [];
    if (opened.case.route !== 'ledelse') {
      first.push(firstReminder(opened.case, 'undersokelse', opened.case.investigationDue, instantAt(opened.case.investigationDue, '08:00').toISOString()));
      if (report.pupilInformed === 'nei_ennaa') {
        const due = addSchoolDays(today, PUPIL_INFORMED_SCHOOL_DAYS, calendarFor(school, today));
        first.push(firstReminder(opened.case, 'elev_informert', due, instantAt(due, '08:00').toISOString()));
      }
    }
    return { opened, first };
  }

  /**
   * What follows a saved case: the notices to rektor (or the school owner), with the receipt's
   * place, and for a case found again its first log entries where missing (a case saves them in
   * its own transaction now; one saved by an earlier version wrote them after it). Safe to repeat:
   * notices already queued are kept as they are.
   */
  private async finish(c: SkolemiljoCase, staff: Membership[], o: { logged: boolean; receipt?: Delivered }): Promise<void> {
    if (!o.logged) {
      const entries = await this.d.log.list(c.tenantId, c.schoolId, c.caseId);
      // The entries openCase made for this case, from the case as it was saved: those still missing.
      const { logs } = openCase({ tenantId: c.tenantId, schoolId: c.schoolId, caseId: c.caseId, ref: c.ref, now: c.createdAt, reporterId: c.reporterId, report: c.report, suggestedLeaderId: c.leaderId, investigationDue: c.investigationDue });
      for (const entry of logs) if (!entries.some((e) => e.action === entry.action)) await this.d.log.append(c.tenantId, c.schoolId, c.caseId, entry);
    }
    await this.d.dispatcher.queue(c, noticesForNewCase(c, staff), o.receipt && { notice: { kind: 'kvittering', recipientId: c.reporterId }, where: o.receipt });
  }

  /** A concurrent double click: give the first submit a moment to save before taking over. */
  private async findSoon(tenantId: string, schoolId: string, caseId: string, waitMs: number) {
    const until = Date.now() + waitMs;
    for (;;) {
      const c = await this.d.cases.get(tenantId, schoolId, caseId);
      if (c || Date.now() >= until) return c;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** One user's key for their forms and their hourly limit. */
const userKey = (actor: Actor) => `${actor.tenantId}|${actor.userId}`;

/** The receipt's honesty: whom the report cannot reach yet, and the school owner's phone and e-mail. */
function waitingFor(c: SkolemiljoCase, staff: Membership[], school: School): Waiting {
  return { unreached: unreachable(c, staff), ...(school.ownerPhone ? { ownerPhone: school.ownerPhone } : {}), ...(school.ownerEmail ? { ownerEmail: school.ownerEmail } : {}) };
}
