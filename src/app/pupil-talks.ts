/**
 * "elevsamtaler" (seeds 002, 003, SPEC §3.5): the kontaktlærer keeps the class roster, marks the
 * conversations held, and sees how far the class has come. A sweep reminds the kontaktlærer in the
 * personal chat (names) and the class channel (counts only). Roles come from the directory, never
 * from the card; nothing said in a conversation is stored.
 */
import { meldepliktGuidance, type MeldepliktGuidance } from '../domain/meldeplikt';
import { sendOnce } from './claims';
import { hasRole, type Membership } from '../domain/people';
import {
  addPupils,
  emptyRoster,
  joinerStartWindow,
  markTalkDone,
  mayKeepTalks,
  progress,
  registerWarning,
  remindersDue,
  removePupil,
  startsamtaleDue,
  TALK_KINDS,
  updatePupil,
  validatePupils,
  warningCounts,
  type ClassRoster,
  type Concern,
  type GradeArea,
  type PupilDraft,
  type RosterError,
  type RosterPupil,
  type TalkDone,
  type TalkKind,
  type TalkProgress,
} from '../domain/pupil-talks';
import { schoolYearOf } from '../domain/school-calendar';
import { syncWithSchool } from '../domain/pupil-talks-sync';
import { DomainError } from '../domain/errors';
import type { RosterFromSchool } from './school-roster';
import type { School, SchoolChannel } from '../domain/school';
import type { Clock, Directory, StoredTalks, TalksNotifier, TalksStore } from '../ports';
import type { Actor } from './actor';
import { enforce, subjectOf } from './policy-door';
import type { Logger } from './logger';
import { calendarFor, schoolDate } from './school-time';
import { reminderDay, schoolOf } from './step-kit';

export interface RosterForm {
  names: string;
  under18: boolean;
  /** Shown once the roster has pupils: the ones added now came to the class today. */
  newcomers: boolean;
  errors: RosterError[];
}

/** A class the actor is kontaktlærer for, for the class picker. */
export interface TalksClass {
  schoolId: string;
  schoolName: string;
  className: string;
}

/** A pupil who came after the year started and has not had the startsamtale yet. */
export interface Newcomer {
  pupilId: string;
  name: string;
  joinedOn: string;
  due: string;
}

export interface TalksView {
  school: School;
  className: string;
  today: string;
  roster: ClassRoster;
  done: TalkDone[];
  warnings: StoredTalks['warnings'];
  progress: { kind: TalkKind; p: TalkProgress }[];
  warningCounts: { orden: number; atferd: number; thisTerm: number };
  newcomers: Newcomer[];
  /** Every class the actor keeps elevsamtaler for; more than one shows the class picker. */
  classes: TalksClass[];
  form: RosterForm;
  /** Where the roster came from: typed, the school's system (ROSTER=graph), or its last copy while that system does not answer. */
  rosterSource?: RosterSource;
}

export type RosterSource = 'typed' | 'school' | 'schoolDown';
/** The stored row with where its roster came from this time (not stored). */
type Loaded = StoredTalks & { source?: RosterSource };

export interface MarkAnswer {
  view: TalksView;
  changed: boolean;
  dutyToReport: boolean;
  /** When the conversation revealed a concern: the meldeplikt guidance (nothing of it is stored). */
  guidance?: MeldepliktGuidance;
  pupilName: string;
  kind: TalkKind;
}

/** One pupil as the kontaktlærer edits them, with what is registered for them. */
export interface PupilView {
  view: TalksView;
  pupil: RosterPupil;
  /** The startsamtale's due day for this pupil (their own when they came later). */
  startDue: string;
  done: TalkDone[];
  warnings: StoredTalks['warnings'];
}

export interface PupilForm {
  name: string;
  under18: boolean;
  joinedOn: string;
  errors: RosterError[];
}

export type SaveAnswer = { ok: true; view: TalksView; name: string } | { ok: false; pupil: PupilView; form: PupilForm };

const splitNames = (text: string): string[] => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
const CHANNEL = 'channel';
/** How long a claimed reminder is held for the instance sending it; after that another may take it over. */
const CLAIM_LEASE_MS = 10 * 60_000;

export class PupilTalks {
  constructor(
    private readonly d: {
      directory: Directory & { listSchools(): Promise<School[]>; listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]> };
      talks: TalksStore;
      clock: Clock;
      ids: { next(): string };
      notifier: TalksNotifier;
      logger: Logger;
      /** ROSTER=graph: classes and pupils from the school's own system (school-roster.ts). */
      roster?: RosterFromSchool;
    },
  ) {}

  /**
   * The actor as kontaktlærer of this class (or of their first class when none is named), looked up
   * in the directory: a class named by a card counts only if the directory says it is hers.
   */
  private async teacherOf(actor: Actor, schoolId?: string, className?: string): Promise<{ m: Membership; school: School; className: string; classes: TalksClass[] }> {
    const stored = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    // With ROSTER=graph her classes are the ones the school's system says she teaches.
    const ms = this.d.roster ? await this.d.roster.memberships(stored) : stored;
    // The class a card names counts only if the policy says it is hers (klasseliste: the class's own kontaktlærer).
    const mine = ms.filter((x) => hasRole(x, 'kontaktlaerer') && x.classes.length > 0);
    const ref = className ? { tenantId: actor.tenantId, schoolId: schoolId ?? '', className } : mine[0] && { tenantId: mine[0].tenantId, schoolId: mine[0].schoolId, className: mine[0].classes[0] };
    const subject = subjectOf(actor, ms, ref);
    enforce(subject, 'endre', { type: 'klasseliste', value: ref ?? { tenantId: actor.tenantId, schoolId: '', className: '' } });
    const m = subject.membership!;
    const school = await schoolOf(this.d.directory, m);
    const classes: TalksClass[] = [];
    for (const x of ms.filter((y) => hasRole(y, 'kontaktlaerer'))) {
      const name = x.schoolId === school.schoolId ? school.name : (await this.d.directory.getSchool(x.tenantId, x.schoolId))?.name ?? x.schoolId;
      for (const c of x.classes) classes.push({ schoolId: x.schoolId, schoolName: name, className: c });
    }
    return { m, school, className: className ?? m.classes[0], classes };
  }

  private today(): string {
    return schoolDate(this.d.clock.now()).today;
  }

  private async load(m: Membership, school: School, className: string, retry = true): Promise<Loaded> {
    const year = schoolYearOf(this.today());
    const stored = await this.d.talks.get(school.tenantId, school.schoolId, year, className);
    const s: StoredTalks = stored ?? { roster: emptyRoster(m, { tenantId: school.tenantId, schoolId: school.schoolId, className, schoolYear: year }), done: [], warnings: [] };
    if (!this.d.roster || !school.graphSchoolId) return s;
    const read = await this.d.roster.pupilsOf(school, className, m.userId);
    // Down: the last saved roster (with all she typed) is used and the card says so. Nothing there: typed.
    if (read.kind === 'down') {
      this.d.logger.warn({ schoolId: school.schoolId, className, status: read.status }, 'school roster could not be read, the last saved one is shown');
      return { ...s, source: 'schoolDown' };
    }
    if (read.kind === 'none' || read.value.length === 0) return s;
    const today = this.today();
    const newcomers = s.roster.pupils.some((p) => p.sourceId) && !!joinerStartWindow(today, year, calendarFor(school, today));
    const sync = syncWithSchool(s, read.value, { today, newcomers });
    if (!sync.changed) return { ...s, source: 'school' };
    try {
      const saved = await this.d.talks.save({ ...s, ...sync.record });
      this.d.logger.info({ schoolId: school.schoolId, className, added: sync.added, left: sync.left }, 'roster brought in step with the school system');
      return { ...saved, source: 'school' };
    } catch (e) {
      // Another click saved the row meanwhile: read it again and bring that in step.
      if (retry && e instanceof DomainError && e.code === 'common.CONFLICT') return this.load(m, school, className, false);
      throw e;
    }
  }

  private view(school: School, s: Loaded, classes: TalksClass[], form?: RosterForm): TalksView {
    const today = this.today();
    const calendar = calendarFor(school, today);
    const year = s.roster.schoolYear;
    const started = new Set(s.done.filter((x) => x.kind === 'startsamtale').map((x) => x.subjectId));
    return {
      school,
      className: s.roster.className,
      today,
      roster: s.roster,
      done: s.done,
      warnings: s.warnings,
      progress: s.roster.pupils.length ? TALK_KINDS.map((kind) => ({ kind, p: progress(s.roster, s.done, kind, { today, calendar }) })) : [],
      warningCounts: warningCounts(s.warnings, today),
      newcomers: s.roster.pupils
        .filter((p) => p.joinedOn && joinerStartWindow(p.joinedOn, year, calendar) && !started.has(p.pupilId))
        .map((p) => ({ pupilId: p.pupilId, name: p.name, joinedOn: p.joinedOn!, due: startsamtaleDue(p, year, calendar) })),
      classes,
      form: form ?? { names: '', under18: true, newcomers: s.roster.pupils.length > 0, errors: [] },
      rosterSource: s.source ?? 'typed',
    };
  }

  async show(actor: Actor, schoolId?: string, className?: string): Promise<TalksView> {
    const { m, school, className: cls, classes } = await this.teacherOf(actor, schoolId, className);
    return this.view(school, await this.load(m, school, cls), classes);
  }

  /**
   * Adds the pupils typed one a line; on any error nothing is saved and the text comes back. Pupils
   * added to a roster that already has pupils came to the class today (`newcomers`), unless she says
   * they were there from the start: their startsamtale is due two school weeks from today.
   */
  async addPupils(actor: Actor, schoolId: string, className: string, names: string, under18: boolean, newcomers = false): Promise<TalksView> {
    const { m, school, classes } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    // Only a day after the class's own first days makes a difference (joinerStartWindow); before
    // that they simply go with the class.
    const today = this.today();
    const later = newcomers && s.roster.pupils.length > 0 && joinerStartWindow(today, s.roster.schoolYear, calendarFor(school, today));
    const joinedOn = later ? { joinedOn: today } : {};
    const drafts: PupilDraft[] = splitNames(names).map((name) => ({ name, under18, ...joinedOn }));
    const errors: RosterError[] = drafts.length ? validatePupils(drafts, s.roster.pupils, s.roster.schoolYear) : [{ index: 0, field: 'name', problem: 'required' }];
    if (errors.length) return this.view(school, s, classes, { names, under18, newcomers, errors });
    const roster = addPupils(m, s.roster, drafts, drafts.map(() => this.d.ids.next()));
    const saved = await this.d.talks.save({ ...s, roster });
    this.d.logger.info({ schoolId, className, added: drafts.length, newcomers: 'joinedOn' in joinedOn }, 'pupils added to roster');
    return this.view(school, saved, classes);
  }

  /** Marks a conversation held; a second mark changes nothing; a revealed concern is answered, never stored. */
  async mark(actor: Actor, schoolId: string, className: string, input: { kind: TalkKind; pupilId: string; on: string; concern?: Concern }): Promise<MarkAnswer> {
    const { m, school, classes } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    const subjectId = input.kind === 'klassens_time' ? input.on.slice(0, 7) : input.pupilId;
    const r = markTalkDone(m, s.roster, s.done, { kind: input.kind, subjectId, on: input.on, ...(input.concern ? { revealedConcern: input.concern } : {}) }, calendarFor(school, input.on || this.today()));
    const saved = r.changed ? await this.d.talks.save({ ...s, done: r.done }) : s;
    if (r.changed) this.d.logger.info({ schoolId, className, kind: input.kind }, 'talk marked done');
    // Who to talk to at the school comes from the directory; the concern itself is neither stored nor logged.
    const guidance = r.dutyToReport && input.concern ? meldepliktGuidance(input.concern, school, await this.d.directory.staffOf(school.tenantId, school.schoolId)) : undefined;
    return { view: this.view(school, saved, classes), changed: r.changed, dutyToReport: r.dutyToReport, ...(guidance ? { guidance } : {}), pupilName: s.roster.pupils.find((p) => p.pupilId === subjectId)?.name ?? '', kind: input.kind };
  }

  /** One pupil to edit; undefined when the pupil is no longer on the roster. */
  async pupil(actor: Actor, schoolId: string, className: string, pupilId: string): Promise<{ view: TalksView; pupil?: PupilView }> {
    const { m, school, classes } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    const view = this.view(school, s, classes);
    return { view, pupil: this.pupilView(view, pupilId) };
  }

  private pupilView(view: TalksView, pupilId: string): PupilView | undefined {
    const pupil = view.roster.pupils.find((p) => p.pupilId === pupilId);
    if (!pupil) return undefined;
    return {
      view,
      pupil,
      startDue: startsamtaleDue(pupil, view.roster.schoolYear, calendarFor(view.school, view.today)),
      done: view.done.filter((x) => x.kind !== 'klassens_time' && x.subjectId === pupilId),
      warnings: view.warnings.filter((w) => w.pupilId === pupilId),
    };
  }

  /** Corrects a pupil's name, age or start day; the registered conversations stay with the pupil. */
  async savePupil(actor: Actor, schoolId: string, className: string, pupilId: string, form: Omit<PupilForm, 'errors'>): Promise<SaveAnswer | undefined> {
    const { m, school, classes } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    const draft: PupilDraft = { name: form.name, under18: form.under18, ...(form.joinedOn ? { joinedOn: form.joinedOn } : {}) };
    const current = this.pupilView(this.view(school, s, classes), pupilId);
    if (!current) return undefined;
    const errors = validatePupils([draft], s.roster.pupils.filter((p) => p.pupilId !== pupilId), s.roster.schoolYear).filter((e) => e.field !== 'pupils');
    if (errors.length) return { ok: false, pupil: current, form: { ...form, errors } };
    const saved = await this.d.talks.save({ ...s, roster: updatePupil(m, s.roster, pupilId, draft) });
    this.d.logger.info({ schoolId, className }, 'pupil changed on roster');
    return { ok: true, view: this.view(school, saved, classes), name: draft.name.trim().replace(/\s+/g, ' ') };
  }

  /** Takes a pupil off the roster with their marks and varsler; false when they were already gone. */
  async removePupil(actor: Actor, schoolId: string, className: string, pupilId: string): Promise<{ view: TalksView; removed: boolean }> {
    const { m, school, classes } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    if (!s.roster.pupils.some((p) => p.pupilId === pupilId)) return { view: this.view(school, s, classes), removed: false };
    const saved = await this.d.talks.save({ ...s, ...removePupil(m, s, pupilId) });
    this.d.logger.info({ schoolId, className, pupils: saved.roster.pupils.length }, 'pupil removed from roster');
    return { view: this.view(school, saved, classes), removed: true };
  }

  /** Registers that a pupil was warned of a possible lowered grade in orden or atferd (003). */
  async warn(actor: Actor, schoolId: string, className: string, input: { pupilId: string; area: GradeArea; on: string }): Promise<{ view: TalksView; changed: boolean; pupilName: string }> {
    const { m, school, classes } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    const r = registerWarning(m, s.roster, s.warnings, input);
    const saved = r.changed ? await this.d.talks.save({ ...s, warnings: r.warnings }) : s;
    if (r.changed) this.d.logger.info({ schoolId, className, area: input.area }, 'grade warning registered');
    return { view: this.view(school, saved, classes), changed: r.changed, pupilName: s.roster.pupils.find((p) => p.pupilId === input.pupilId)?.name ?? '' };
  }

  /**
   * Sends today's reminders: to each kontaktlærer personally (names) and in the class channel
   * (counts). Each recipient is claimed on its own, so one that fails neither stops the other nor
   * makes a re-run send the other twice. A send that may work later gives its claim back for the
   * next sweep; one Teams refuses for good (403/404) keeps it and is logged, not retried; one whose
   * instance stopped half-way is taken over by a later sweep when its lease has run out.
   */
  async sweep(): Promise<{ personal: number; channel: number; failed: number }> {
    const out = { personal: 0, channel: 0, failed: 0 };
    // Not in the night: the hourly sweep reminds from 07:00 school time, like the complaints'.
    const day = reminderDay(this.d.clock);
    if (!day) return out;
    const { now, today } = day;
    const year = schoolYearOf(today);
    for (const school of await this.d.directory.listSchools()) {
      const rosters = await this.d.talks.list(school.tenantId, school.schoolId, year);
      if (!rosters.length) continue;
      const [channels, stored] = await Promise.all([this.d.directory.listChannels(school.tenantId, school.schoolId), this.d.directory.staffOf(school.tenantId, school.schoolId)]);
      // ROSTER=graph: the kontaktlærer of a class is who the school's system says teaches it, as on her card.
      const staff = this.d.roster ? await this.d.roster.memberships(stored) : stored;
      const cal = calendarFor(school, today);
      for (const s of rosters) {
        const due = remindersDue(today, s.roster, s.done, cal);
        const cls = s.roster.className;
        const once = async (to: string, send: () => Promise<void>): Promise<boolean> => {
          const who = to === CHANNEL ? 'class channel' : 'kontaktlaerer';
          const key = { tenantId: school.tenantId, schoolId: school.schoolId, subjectId: cls, key: today, recipientId: to };
          const once = await sendOnce(this.d.talks.reminders, key, { now, leaseMs: CLAIM_LEASE_MS, logger: this.d.logger, label: 'elevsamtale reminder', what: { schoolId: school.schoolId, className: cls, recipient: who } }, send);
          if (once === 'failed') out.failed++;
          return once === 'sent';
        };
        if (due.personal.length) {
          for (const t of staff.filter((x) => mayKeepTalks(x, s.roster))) {
            if (await once(t.userId, () => this.d.notifier.talksReminder(school, t.userId, s.roster, due.personal))) out.personal++;
          }
        }
        if (due.channel.length) {
          const ch = channels.find((c) => c.scope === 'klasse' && c.target.toUpperCase() === cls.toUpperCase());
          // No class channel chosen: the kontaktlærer still has hers; nothing to post.
          if (ch && (await once(CHANNEL, () => this.d.notifier.talksChannel(school, ch, cls, due.channel)))) out.channel++;
        }
      }
    }
    return out;
  }
}
