/**
 * The app's calendar behind a switch (AppOptions.calendarSwitch), to take it down for a while:
 * while `down`, creating, moving and cancelling fail with 503 as an unreachable calendar would.
 * `busyOn` reads someone's meetings on a day from the real calendar underneath.
 */
import type { BusyInterval, Calendar } from '../../src/ports';
import { DEMO_TENANT } from '../../src/seed';

export class CalendarSwitch {
  down = false;
  private real?: Calendar;

  /** Pass as `options: { calendarSwitch: sw.wrap }`. */
  readonly wrap = (real: Calendar): Calendar => {
    this.real = real;
    const outage = () => Promise.reject(Object.assign(new Error('calendar down'), { statusCode: 503 }));
    return {
      kind: real.kind,
      busy: (...a) => real.busy(...a),
      create: (m) => (this.down ? outage() : real.create(m)),
      update: (id, m) => (this.down ? outage() : real.update(id, m)),
      cancel: (...a) => (this.down ? outage() : real.cancel(...a)),
    };
  };

  /** Someone's meetings on a day (UTC), as busy times. */
  async busyOn(who: { userId: string }, day: string, until = `${day}T23:59:59Z`): Promise<BusyInterval[]> {
    const p = { userId: who.userId, email: '', name: '' };
    return (await this.real!.busy(DEMO_TENANT, p, [p], `${day}T00:00:00Z`, until))[who.userId] ?? [];
  }
}
