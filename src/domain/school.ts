import type { SchoolBreak } from './school-calendar';
import type { ArchiveSettings } from './archive';

export type LanguageForm = 'nb' | 'nn';

export interface School {
  tenantId: string;
  schoolId: string;
  name: string;
  /** The school's written standard for documents about pupils. */
  languageForm: LanguageForm;
  /** "Snarest": school days from a report until the investigation should be done. */
  investigationDays: number;
  /**
   * §12-5 «straks»: school days until a skjerpet case is investigated, 0 (the same day) or 1 (the
   * next school day, the default).
   */
  urgentInvestigationDays?: number;
  /** How the reporter reaches the school owner while the app has no school-owner contact (receipt). */
  ownerPhone?: string;
  ownerEmail?: string;
  /** The school's own breaks where they differ from the defaults, per school year. */
  breaks?: SchoolBreak[];
  /** Months a closed case is kept before it is deleted (after it is archived in Websak/Vigilo). */
  retentionMonths?: number;
  /** The Entra ID security group whose members are the school's staff (`npm run admin -- sync-entra`). */
  staffGroupId?: string;
  /**
   * The school in Microsoft Graph's education API (its educationSchool id, from School Data Sync):
   * with ROSTER=graph the classes, their pupils and who teaches them are read from there.
   */
  graphSchoolId?: string;
  /**
   * Whom staff at this school talk to when they learn of drugs, violence or abuse (seed 002's
   * «meldeplikten»), besides rektor: e.g. «Helsesykepleier Anne Li, tlf. 22 00 00 00». Free text
   * the school writes; shown on the meldeplikt guidance in elevsamtaler.
   */
  meldepliktContact?: string;
  /** Where the school's cases are journaled (issue 16), given by the municipality's archive staff. */
  archive?: ArchiveSettings;
}

export const DEFAULT_URGENT_INVESTIGATION_DAYS = 1;

/** School days from the report to the investigation deadline: «straks» (at most one) under §12-5. */
export function investigationDaysFor(school: Pick<School, 'investigationDays' | 'urgentInvestigationDays'>, route: 'ordinaer' | 'skjerpet' | 'ledelse'): number {
  if (route !== 'skjerpet') return school.investigationDays;
  return Math.min(school.investigationDays, Math.max(0, Math.min(1, school.urgentInvestigationDays ?? DEFAULT_URGENT_INVESTIGATION_DAYS)));
}

/** Closed cases are kept a year by default, for follow-up questions, then deleted. */
export const DEFAULT_RETENTION_MONTHS = 12;

export interface SchoolClass {
  tenantId: string;
  schoolId: string;
  /** As the school writes it, e.g. "8A". */
  name: string;
  trinn: number;
}

/** skole, trinn and klasse channels get reminders (counts and references only); admin gets delivery failures. */
export const CHANNEL_SCOPES = ['skole', 'trinn', 'klasse', 'admin'] as const;
export type ChannelScope = (typeof CHANNEL_SCOPES)[number];

export interface SchoolChannel {
  tenantId: string;
  schoolId: string;
  scope: ChannelScope;
  /** The trinn ("8") or class ("8A"); empty for skole and admin. */
  target: string;
  /** The Teams channel's conversation id and the service URL to post to it. */
  conversationId: string;
  serviceUrl: string;
  setBy: string;
  setAt: string;
}

/**
 * The channel that gets reminders about a case in this class: the class's own channel, else its
 * trinn's, else the school's. Undefined when the school has chosen none.
 */
export function reminderChannelFor(channels: SchoolChannel[], pupilClass: string, classes: SchoolClass[]): SchoolChannel | undefined {
  const cls = pupilClass.toUpperCase();
  const trinn = classes.find((k) => k.name.toUpperCase() === cls)?.trinn;
  return (
    channels.find((ch) => ch.scope === 'klasse' && ch.target.toUpperCase() === cls) ??
    (trinn !== undefined ? channels.find((ch) => ch.scope === 'trinn' && ch.target === String(trinn)) : undefined) ??
    channels.find((ch) => ch.scope === 'skole')
  );
}

export const adminChannelOf = (channels: SchoolChannel[]): SchoolChannel | undefined => channels.find((ch) => ch.scope === 'admin');

/** A Teams channel's conversation id without the thread part, so posts go to the channel itself. */
export const channelRoot = (conversationId: string): string => conversationId.split(';')[0];
