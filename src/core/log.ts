// A small JSON-lines logger. Every line goes through the secret registry's scrub first.
import type { SecretRegistry } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(secrets: SecretRegistry, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  return {
    log(level, message, fields = {}) {
      const line = JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields });
      write(`${secrets.scrub(line)}\n`);
    },
  };
}
