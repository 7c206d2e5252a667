/** Time and ids: the use cases never read the system clock or make ids themselves, so tests can set both. */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Sortable by creation time, unique across instances. */
  next(): string;
}

