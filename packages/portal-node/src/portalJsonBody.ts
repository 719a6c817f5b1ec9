import express, { Request, RequestHandler, Response } from 'express';

/** The bounds of {@link portalJsonBody}. */
export interface PortalJsonBodyOptions {
  /** The largest body accepted, in bytes (after any content encoding). */
  limitBytes: number;
  /** How deeply arrays and objects may nest. Default 64. */
  maxDepth?: number;
  /** How many elements an array, or members an object, may have. Default 10,000. */
  maxItems?: number;
}

const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_ITEMS = 10_000;
/** A parse error quotes the body; a bounded excerpt is enough to find the mistake. */
const MAX_PARSE_MESSAGE_LENGTH = 200;

/** A request body refused before anything recursive or costly touches it. */
class BodyRejection extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = statusCode === 415 ? 'UnsupportedMediaTypeError' : 'InputError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const LOWER_U = 0x75;

/**
 * A `\uXXXX` escape of half a surrogate pair is valid JSON but no text:
 * stored, it comes back as U+FFFD (PostgreSQL and SQLite store UTF-8), so a
 * lookup by it never finds what was written.
 */
const LONE_SURROGATE =
  'request body has a \\u escape of a lone UTF-16 surrogate, which is not valid Unicode';

/**
 * PostgreSQL stores no NUL in text or jsonb (SQLite would, and nothing
 * could look it up again): no portal value has one.
 */
const NUL_IN_BODY =
  'request body has a NUL character (\\u0000) in a string, which cannot be stored';
const NUL_IN_URL =
  'request URL has a NUL character (%00), which cannot be stored';

/** The value of the 4 hex digits at `at`, or -1. */
function hexAt(text: Uint8Array, at: number): number {
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const byte = text[i];
    const lower = byte | 0x20;
    if (byte >= 0x30 && byte <= 0x39) {
      value = value * 16 + (byte - 0x30);
    } else if (lower >= 0x61 && lower <= 0x66) {
      value = value * 16 + (lower - 0x57);
    } else {
      return -1;
    }
  }
  return value;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * What is wrong with the shape of a JSON text, or undefined: one linear pass
 * over the raw bytes, counting brackets and commas outside strings (and
 * refusing NUL characters and lone surrogates inside them), so a
 * body nested 20,000 levels deep is refused without recursion (JSON.parse
 * would accept it, and every recursive walk after it would overflow the
 * stack). Works on UTF-8 bytes: JSON's structural characters are ASCII and
 * never occur inside a multi-byte sequence. Malformed JSON is left to the
 * parser.
 */
export function findJsonShapeViolation(
  text: Uint8Array,
  limits: { maxDepth?: number; maxItems?: number } = {},
): string | undefined {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxItems = limits.maxItems ?? DEFAULT_MAX_ITEMS;
  // Commas seen, and the kind of container, at each open level.
  const commas = new Uint32Array(maxDepth + 1);
  const kinds = new Uint8Array(maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === QUOTE) {
        inString = false;
      } else if (byte === BACKSLASH) {
        if (text[i + 1] !== LOWER_U) {
          i++; // a one-character escape: \" \\ \n ...
        } else {
          const unit = hexAt(text, i + 2);
          if (unit === 0) {
            return NUL_IN_BODY;
          }
          if (isHighSurrogate(unit)) {
            // Valid only as the first half of a pair: \ud83d\ude42.
            if (
              text[i + 6] !== BACKSLASH ||
              text[i + 7] !== LOWER_U ||
              !isLowSurrogate(hexAt(text, i + 8))
            ) {
              return LONE_SURROGATE;
            }
            i += 11;
          } else if (isLowSurrogate(unit)) {
            return LONE_SURROGATE;
          } else {
            i += 5;
          }
        }
      }
      continue;
    }
    switch (byte) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        depth++;
        if (depth > maxDepth) {
          return `request body nests deeper than ${maxDepth} levels`;
        }
        commas[depth] = 0;
        kinds[depth] = byte;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth > 0) depth--;
        break;
      case COMMA:
        // n commas separate n + 1 items.
        if (depth > 0 && ++commas[depth] >= maxItems) {
          return kinds[depth] === OPEN_ARRAY
            ? `request body has an array of more than ${maxItems} items`
            : `request body has an object with more than ${maxItems} keys`;
        }
        break;
      default:
    }
  }
  return undefined;
}

/** 262144 → "256 KiB". */
export function formatByteSize(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

interface BodyErrorAnswer {
  statusCode: number;
  name: string;
  message: string;
}

/** The status and message a body-parser error stands for, or undefined for others. */
function describeBodyError(
  error: unknown,
  limitBytes: number,
): BodyErrorAnswer | undefined {
  if (error instanceof BodyRejection) {
    return error;
  }
  const { type, message, status } = (error ?? {}) as {
    type?: unknown;
    message?: unknown;
    status?: unknown;
  };
  switch (type) {
    case 'entity.too.large':
      return {
        statusCode: 413,
        name: 'PayloadTooLargeError',
        message: `request body is larger than ${formatByteSize(limitBytes)}`,
      };
    case 'entity.parse.failed': {
      const detail = String(message);
      return {
        statusCode: 400,
        name: 'InputError',
        message: `request body is not valid JSON: ${
          detail.length > MAX_PARSE_MESSAGE_LENGTH
            ? `${detail.slice(0, MAX_PARSE_MESSAGE_LENGTH)}…`
            : detail
        }`,
      };
    }
    case 'charset.unsupported':
      return {
        statusCode: 415,
        name: 'UnsupportedMediaTypeError',
        message: 'request body must be JSON in UTF-8',
      };
    case 'encoding.unsupported':
      return {
        statusCode: 415,
        name: 'UnsupportedMediaTypeError',
        message:
          'request body has an unsupported Content-Encoding (use gzip, deflate or none)',
      };
    case 'request.aborted':
    case 'request.size.invalid':
      return {
        statusCode: 400,
        name: 'InputError',
        message: 'request body was not received completely',
      };
    default:
      // Anything else the parser refuses as a client error is a body it
      // could not read, e.g. a corrupt gzip stream.
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return {
          statusCode: 400,
          name: 'InputError',
          message: `request body could not be read: ${String(message).slice(
            0,
            MAX_PARSE_MESSAGE_LENGTH,
          )}`,
        };
      }
      return undefined;
  }
}

/** Answers as Backstage's error handler does, without the parser's error object. */
function sendError(
  req: Request,
  res: Response,
  { statusCode, name, message }: BodyErrorAnswer,
) {
  res.status(statusCode).json({
    error: { name, message },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode },
  });
}

/**
 * The JSON body parser of every portal router, for
 * `createOpenApiRouter({ middleware: portalJsonBody(...) })`: express.json
 * with a bounded size (413), a bounded nesting depth and item count checked
 * on the raw text before it is parsed (400), UTF-8 only (415), and a 400 for
 * malformed JSON, each with a plain message naming the limit. Text no
 * database can store is refused with a 400 too: a NUL character in the body
 * or the URL (`%00`), a lone surrogate in the body.
 *
 * It answers those itself: an error passed on from here would reach the
 * OpenAPI router's validator error transformer, which turns every error into
 * a 400 and keeps body-parser's properties (the raw body among them).
 */
export function portalJsonBody(
  options: PortalJsonBodyOptions,
): RequestHandler[] {
  const { limitBytes } = options;
  const parse = express.json({
    limit: limitBytes,
    verify: (_req, _res, raw, encoding) => {
      if (encoding.toLocaleLowerCase('en-US') !== 'utf-8') {
        throw new BodyRejection(415, 'request body must be JSON in UTF-8');
      }
      const violation = findJsonShapeViolation(raw, options);
      if (violation) {
        throw new BodyRejection(400, violation);
      }
    },
  });
  const guardedJsonBody: RequestHandler = (req, res, next) => {
    if (req.originalUrl.includes('%00')) {
      sendError(req, res, {
        statusCode: 400,
        name: 'InputError',
        message: NUL_IN_URL,
      });
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error === undefined) {
        next();
        return;
      }
      const rejection = describeBodyError(error, limitBytes);
      if (!rejection) {
        next(error);
        return;
      }
      sendError(req, res, rejection);
    });
  };
  return [guardedJsonBody];
}
