/**
 * "elevsamtaler" (seeds 002, 003, SPEC §3.5): the kontaktlærer keeps the class roster, marks the
 * conversations held, and sees how far the class has come. A sweep reminds the kontaktlærer in the
 * personal chat (names) and the class channel (counts only). Roles come from the directory, never
 * from the card; nothing said in a conversation is stored.
 */
import { DomainError } from '../domain/errors';
import { hasRole, type Membership } from '../domain/people';
import {
  addPupils,
  emptyRoster,
  markTalkDone,
  mayKeepTalks,
  progress,
  remindersDue,
  TALK_KINDS,
  validatePupils,
  type ChannelReminder,
  type ClassRoster,
  type Concern,
  type PersonalReminder,
  type PupilDraft,
  type RosterError,
  type TalkDone,
  type TalkKind,
  type TalkProgress,
} from '../domain/pupil-talks';
import { schoolYearOf } from '../domain/school-calendar';
import type { School, SchoolChannel } from '../domain/school';
import type { Clock, Directory } from '../ports';
import type { PupilTalksRepository, StoredTalks } from '../adapters/tables/pupil-talks-repository';
import type { Actor } from './actor';
import type { Logger } from './logger';
import { safeError } from './deliver-notices';
import { calendarFor, schoolDate } from './school-time';

export interface TalksNotifier {
  /** To the kontaktlærer alone, with the pupils' names. */
  talksReminder(school: School, userId: string, roster: ClassRoster, due: PersonalReminder[]): Promise<void>;
  /** In the class's channel: counts only. */
  talksChannel(school: School, channel: SchoolChannel, className: string, due: ChannelReminder[]): Promise<void>;
}

export interface RosterForm {
  names: string;
  under18: boolean;
  errors: RosterError[];
}

export interface TalksView {
  school: School;
  className: string;
  today: string;
  roster: ClassRoster;
  done: TalkDone[];
  progress: { kind: TalkKind; p: TalkProgress }[];
  form: RosterForm;
}

export interface MarkAnswer {
  view: TalksView;
  changed: boolean;
  dutyToReport: boolean;
  pupilName: string;
  kind: TalkKind;
}

const splitNames = (text: string): string[] => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');

export class PupilTalks {
  constructor(
    private readonly d: {
      directory: Directory & { listSchools(): Promise<School[]>; listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]> };
      talks: PupilTalksRepository;
      clock: Clock;
      ids: { next(): string };
      notifier: TalksNotifier;
      logger: Logger;
    },
  ) {}

  /** The actor as kontaktlærer of this class (or of their first class when none is named). */
  private async teacherOf(actor: Actor, schoolId?: string, className?: string): Promise<{ m: Membership; school: School; className: string }> {
    const ms = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    const m = className
      ? ms.find((x) => x.schoolId === schoolId && mayKeepTalks(x, { schoolId: x.schoolId, className }))
      : ms.find((x) => hasRole(x, 'kontaktlaerer') && x.classes.length > 0);
    if (!m) throw new DomainError('NO_ROLE', { action: 'elevsamtale', ask: 'rektor' });
    const school = await this.d.directory.getSchool(m.tenantId, m.schoolId);
    if (!school) throw new DomainError('SCHOOL_UNKNOWN');
    return { m, school, className: className ?? m.classes[0] };
  }

  private today(): string {
    return schoolDate(this.d.clock.now()).today;
  }

  private async load(m: Membership, school: School, className: string): Promise<StoredTalks> {
    const year = schoolYearOf(this.today());
    const stored = await this.d.talks.get(school.tenantId, school.schoolId, year, className);
    return stored ?? { roster: emptyRoster(m, { tenantId: school.tenantId, schoolId: school.schoolId, className, schoolYear: year, pupils: [] } as Omit<ClassRoster, 'pupils'>), done: [] };
  }

  private view(school: School, s: StoredTalks, form: RosterForm = { names: '', under18: true, errors: [] }): TalksView {
    const today = this.today();
    const calendar = calendarFor(school, today);
    return {
      school,
      className: s.roster.className,
      today,
      roster: s.roster,
      done: s.done,
      progress: s.roster.pupils.length ? TALK_KINDS.map((kind) => ({ kind, p: progress(s.roster, s.done, kind, { today, calendar }) })) : [],
      form,
    };
  }

  async show(actor: Actor, schoolId?: string, className?: string): Promise<TalksView> {
    const { m, school, className: cls } = await this.teacherOf(actor, schoolId, className);
    return this.view(school, await this.load(m, school, cls));
  }

  /** Adds the pupils typed one a line; on any error nothing is saved and the text comes back. */
  async addPupils(actor: Actor, schoolId: string, className: string, names: string, under18: boolean): Promise<TalksView> {
    const { m, school } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    const drafts: PupilDraft[] = splitNames(names).map((name) => ({ name, under18 }));
    const errors: RosterError[] = drafts.length ? validatePupils(drafts, s.roster.pupils) : [{ index: 0, field: 'name', problem: 'required' }];
    if (errors.length) return this.view(school, s, { names, under18, errors });
    const roster = addPupils(m, s.roster, drafts, drafts.map(() => this.d.ids.next()));
    const saved = await this.d.talks.save({ ...s, roster });
    this.d.logger.info({ schoolId, className, added: drafts.length }, 'pupils added to roster');
    return this.view(school, saved);
  }

  /** Marks a conversation held; a second mark changes nothing; a revealed concern is answered, never stored. */
  async mark(actor: Actor, schoolId: string, className: string, input: { kind: TalkKind; pupilId: string; on: string; concern?: Concern }): Promise<MarkAnswer> {
    const { m, school } = await this.teacherOf(actor, schoolId, className);
    const s = await this.load(m, school, className);
    const subjectId = input.kind === 'klassens_time' ? input.on.slice(0, 7) : input.pupilId;
    const r = markTalkDone(m, s.roster, s.done, { kind: input.kind, subjectId, on: input.on, ...(input.concern ? { revealedConcern: input.concern } : {}) }, calendarFor(school, input.on || this.today()));
    const saved = r.changed ? await this.d.talks.save({ ...s, done: r.done }) : s;
    if (r.changed) this.d.logger.info({ schoolId, className, kind: input.kind }, 'talk marked done');
    return { view: this.view(school, saved), changed: r.changed, dutyToReport: r.dutyToReport, pupilName: s.roster.pupils.find((p) => p.pupilId === subjectId)?.name ?? '', kind: input.kind };
  }

  /** Sends today's reminders once per class: personal to the kontaktlærer, counts in the class channel. */
  async sweep(): Promise<{ personal: number; channel: number }> {
    let personal = 0;
    let channel = 0;
    const now = this.d.clock.now();
    const today = schoolDate(now).today;
    const year = schoolYearOf(today);
    for (const school of await this.d.directory.listSchools()) {
      const rosters = await this.d.talks.list(school.tenantId, school.schoolId, year);
      if (!rosters.length) continue;
      const [channels, staff] = await Promise.all([this.d.directory.listChannels(school.tenantId, school.schoolId), this.d.directory.staffOf(school.tenantId, school.schoolId)]);
      const cal = calendarFor(school, today);
      for (const s of rosters) {
        const due = remindersDue(today, s.roster, s.done, cal);
        if (!due.personal.length && !due.channel.length) continue;
        const cls = s.roster.className;
        if (!(await this.d.talks.claimReminder(school.tenantId, school.schoolId, cls, today, now.toISOString()))) continue;
        try {
          if (due.personal.length) {
            for (const t of staff.filter((x) => mayKeepTalks(x, s.roster))) {
              await this.d.notifier.talksReminder(school, t.userId, s.roster, due.personal);
              personal++;
            }
          }
          const ch = channels.find((c) => c.scope === 'klasse' && c.target.toUpperCase() === cls.toUpperCase());
          if (ch && due.channel.length) {
            await this.d.notifier.talksChannel(school, ch, cls, due.channel);
            channel++;
          }
        } catch (e) {
          this.d.logger.warn({ schoolId: school.schoolId, className: cls, err: safeError(e) }, 'elevsamtale reminder not sent, will retry');
          await this.d.talks.releaseReminder(school.tenantId, school.schoolId, cls, today);
        }
      }
    }
    return { personal, channel };
  }
}
