/** The part of a pino logger the collaboration server uses. */
export interface CollabLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: CollabLogger = { info() {}, warn() {}, error() {} };
