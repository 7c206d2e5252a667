/** Human case references: "SM-2026-0042", unique per school and year. */
export const formatRef = (year: number, n: number): string => `SM-${year}-${String(n).padStart(4, '0')}`;

export const REF_PATTERN = /^SM-(\d{4})-(\d{4,})$/i;

/** The number of a reference ("SM-2026-0042" → 42), or undefined when it is none. */
export const refNumber = (ref: string): number | undefined => {
  const m = REF_PATTERN.exec(ref);
  return m ? Number(m[2]) : undefined;
};

/** The year of a reference ("SM-2026-0042" → 2026), or undefined when it is none. */
export const refYear = (ref: string): number | undefined => {
  const m = REF_PATTERN.exec(ref);
  return m ? Number(m[1]) : undefined;
};

/** A case was not saved: another case at the school has its reference (a number another instance chose at the same time). */
export class ReferenceTaken extends Error {
  /** `highest`: the highest number of the year at the school found taken. */
  constructor(
    readonly ref: string,
    readonly highest: number,
  ) {
    super(`reference ${ref} is taken`);
    this.name = 'ReferenceTaken';
  }
}
