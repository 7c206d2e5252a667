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
