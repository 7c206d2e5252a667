/** Idempotency: a Teams activity handled once, a report form submitted once. */

export interface Submission {
  caseId: string;
}

export interface Submissions {
  /** Records that a form was submitted; returns the earlier record when it already was. */
  claim(key: string, value: Submission): Promise<{ first: boolean; value: Submission }>;
}

export interface ProcessedActivities {
  /** True the first time an activity id is seen. */
  firstTime(key: string): Promise<boolean>;
}

