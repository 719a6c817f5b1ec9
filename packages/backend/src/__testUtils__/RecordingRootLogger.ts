import {
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/config';

type Level = 'error' | 'warn' | 'info' | 'debug';
const LEVELS: Record<Level | 'none', number> = {
  none: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
};

/** One error the backend logged, e.g. the error handler's "Request failed with status 500". */
export interface LoggedError {
  message: string;
  /** The logger's labels: plugin, service, type. */
  labels: JsonObject;
  error?: { name: string; message: string; stack?: string };
}

/**
 * The test backend's root logger: keeps every error-level entry (a test
 * that sees a 5xx can show the server's side of it), and prints entries
 * up to `printLevel` (PORTAL_TEST_LOG_LEVEL; nothing by default).
 */
export class RecordingRootLogger implements RootLoggerService {
  static create(
    printLevel: string = process.env.PORTAL_TEST_LOG_LEVEL ?? 'none',
  ): RecordingRootLogger {
    const level = LEVELS[printLevel as keyof typeof LEVELS] ?? 0;
    return new RecordingRootLogger([], {}, level);
  }

  private constructor(
    private readonly records: LoggedError[],
    private readonly labels: JsonObject,
    private readonly printLevel: number,
  ) {}

  /** Every error-level entry so far, of this logger and all its children. */
  errors(): readonly LoggedError[] {
    return this.records;
  }

  error(message: string, meta?: Error | JsonObject): void {
    this.records.push({
      message,
      labels: this.labels,
      ...(meta instanceof Error && {
        error: { name: meta.name, message: meta.message, stack: meta.stack },
      }),
    });
    this.print('error', message, meta);
  }

  warn(message: string, meta?: Error | JsonObject): void {
    this.print('warn', message, meta);
  }

  info(message: string, meta?: Error | JsonObject): void {
    this.print('info', message, meta);
  }

  debug(message: string, meta?: Error | JsonObject): void {
    this.print('debug', message, meta);
  }

  child(meta: JsonObject): LoggerService {
    return new RecordingRootLogger(
      this.records,
      { ...this.labels, ...meta },
      this.printLevel,
    );
  }

  private print(level: Level, message: string, meta?: Error | JsonObject) {
    if (LEVELS[level] <= this.printLevel) {
      const labels = Object.entries(this.labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      // eslint-disable-next-line no-console
      console[level](`${labels} ${message}`, meta ?? '');
    }
  }
}
