import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../../ports';

export const systemClock: Clock = { now: () => new Date() };

/** Time-ordered ids: milliseconds in base 36, then randomness so instances never collide. */
export class TimeIds implements IdGenerator {
  constructor(private readonly clock: Clock = systemClock) {}
  next(): string {
    return this.clock.now().getTime().toString(36).padStart(9, '0') + randomBytes(6).toString('hex');
  }
}
