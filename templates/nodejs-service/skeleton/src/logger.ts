import { pino, type Logger } from 'pino';

/** JSON logs on stdout, one object per line, with ISO timestamps and level names. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: '${{ values.name }}' },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: label => ({ level: label }) },
  });
}
