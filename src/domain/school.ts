import type { SchoolBreak } from './school-calendar';

export type LanguageForm = 'nb' | 'nn';

export interface School {
  tenantId: string;
  schoolId: string;
  name: string;
  /** The school's written standard for documents about pupils. */
  languageForm: LanguageForm;
  /** "Snarest": school days from a report until the investigation should be done. */
  investigationDays: number;
  /** The school's own breaks where they differ from the defaults, per school year. */
  breaks?: SchoolBreak[];
}

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
