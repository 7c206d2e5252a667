/** The logging the use cases need; pino satisfies it. Never pass pupil names or report text. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
