import { DateTime } from 'luxon';

export const SCHOOL_ZONE = 'Europe/Oslo';

/** Today's date and the year as a Norwegian school sees them, whatever the server's zone. */
export function schoolDate(now: Date): { today: string; year: number } {
  const d = DateTime.fromJSDate(now, { zone: SCHOOL_ZONE });
  return { today: d.toISODate() ?? '', year: d.year };
}
