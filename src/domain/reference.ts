/** Human case references: "SM-2026-0042", unique per school and year. */
export const formatRef = (year: number, n: number): string => `SM-${year}-${String(n).padStart(4, '0')}`;

export const REF_PATTERN = /^SM-(\d{4})-(\d{4,})$/i;
