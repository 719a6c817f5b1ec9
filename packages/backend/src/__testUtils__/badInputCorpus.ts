/*
 * Bad input for an OpenAPI operation: for every path and query parameter
 * and every field of the request body (found through the spec's schemas,
 * so a new field is covered without touching this file), values of the
 * wrong type, control characters, unicode tricks, `%00`, `../`, very long
 * strings, invalid enums, dates and durations; and bodies that nest 20,000
 * levels deep, hold 100,000 items, weigh 10 MB or are not JSON at all.
 */
import { PortalOperation, Schema } from './portalOpenApi';

/** A value sent as this JSON text, which JSON.stringify cannot produce. */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface CorpusRequest {
  operation: PortalOperation;
  /** What is bad about it, e.g. `body.version: NUL`. */
  label: string;
  /** From `/api/<pluginId>`, with the query string. */
  path: string;
  /** Sent as `application/json` unless `headers` say otherwise. */
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * The URL is longer than Node's HTTP parser takes (16 KiB of request
   * line and headers): the server refuses it before any route runs, with a
   * bodyless 431.
   */
  tooLongForHttp?: boolean;
}

/** Good values the requests start from, so that each carries one bad part. */
export interface CorpusBases {
  /** A parameter's value, by `<pluginId>.<name>` or by name. */
  parameter(operation: PortalOperation, name: string): string | undefined;
  /** The body of an operation, or undefined to generate one from its schema. */
  body(operation: PortalOperation): unknown;
}

const DEEP = 20_000;
const HUGE_ARRAY = 100_000;
const TEN_MB = 10 * 1024 * 1024;
/** Longer than any field allows, and short enough for a URL. */
const LONG_IN_URL = 8 * 1024;
const LONG = 100 * 1024;

const deepArrays = () => `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObjects = () => `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const hugeArray = () => `[${new Array(HUGE_ARRAY).fill('0').join(',')}]`;

/** Strings that have broken parsers, refs, paths and terminals before. */
export const BAD_STRINGS: ReadonlyArray<readonly [string, string]> = [
  ['NUL', 'a\u0000b'],
  ['ESC', '\u001b[2J\u001b[31mred'],
  ['emoji', '🙂🚀👩‍👩‍👧'],
  ['RTL override', '\u202Egnp.exe\u202C'],
  ['combining marks', 'e\u0301\u0308\u0327\u0338'],
  ['%00', '%00'],
  ['../', '../../../etc/passwd'],
  ['a:b:c:d', 'a:b:c:d'],
  ['blank', ' '],
  ['empty', ''],
  ['impossible date', '2026-02-30T25:61:00Z'],
  ['bad duration', 'P1Y-2M'],
  ['quote injection', `' OR '1'='1" --`],
  // eslint-disable-next-line no-script-url
  ['javascript: URL', 'javascript:alert(1)'],
  ['lone surrogate', '\ud800'],
];

const WRONG_TYPES: ReadonlyArray<readonly [string, unknown]> = [
  ['a number', 12345],
  ['a boolean', true],
  ['null', null],
  ['an object', {}],
  ['an array', []],
  ['a string', 'corpus'],
];

function typeOf(schema: Schema): string | undefined {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.enum) return typeof schema.enum.find(v => v !== null);
  const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  return alternative ? typeOf(alternative) : undefined;
}

/** A value the schema accepts, as far as a schema can tell. */
export function sampleOf(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum.find(v => v !== null);
  const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (alternative) return sampleOf(alternative);
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map(part => sampleOf(part)));
  }
  switch (typeOf(schema)) {
    case 'object': {
      const properties = schema.properties ?? {};
      const keys = schema.required ?? Object.keys(properties);
      return Object.fromEntries(
        keys
          .filter(key => properties[key])
          .map(key => [key, sampleOf(properties[key])]),
      );
    }
    case 'array':
      return schema.items
        ? Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
            sampleOf(schema.items!),
          )
        : [];
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') {
        return new Date(Date.now() + 3_600_000).toISOString();
      }
      if (schema.format === 'uri') return 'https://example.com/corpus';
      return 'corpus'.padEnd(schema.minLength ?? 0, 'x');
    default:
      return 'corpus';
  }
}

type FieldPath = Array<string | number>;

/** The alternative of a oneOf/anyOf that `value` is meant to be. */
function alternativeFor(schema: Schema, value: unknown): Schema {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!alternatives) return schema;
  const keys =
    typeof value === 'object' && value !== null ? Object.keys(value) : [];
  return (
    alternatives.find(alternative =>
      keys.every(key => alternative.properties?.[key]),
    ) ?? alternatives[0]
  );
}

/** Every field of a body: objects' properties and arrays' first items, a few levels down. */
function fieldsOf(
  schema: Schema,
  value: unknown,
  at: FieldPath = [],
): Array<{ path: FieldPath; schema: Schema }> {
  if (at.length > 6) return [];
  const effective = alternativeFor(schema, value);
  const fields: Array<{ path: FieldPath; schema: Schema }> = [];
  if (typeOf(effective) === 'object') {
    const current = (value ?? {}) as Record<string, unknown>;
    for (const [key, property] of Object.entries(effective.properties ?? {})) {
      const path = [...at, key];
      fields.push({ path, schema: property });
      fields.push(...fieldsOf(property, current[key], path));
    }
  } else if (typeOf(effective) === 'array' && effective.items) {
    const first = Array.isArray(value) ? value[0] : undefined;
    const path = [...at, 0];
    fields.push({ path, schema: effective.items });
    fields.push(...fieldsOf(effective.items, first, path));
  }
  return fields;
}

const MISSING = Symbol('missing');

/** `base` with the field at `path` set to `value` (or removed), missing parents made. */
function withField(base: unknown, path: FieldPath, value: unknown): unknown {
  const root = structuredClone(base ?? {}) as any;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (typeof node[key] !== 'object' || node[key] === null) {
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[key];
  }
  const last = path[path.length - 1];
  if (value === MISSING) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
  return root;
}

/** JSON text of `value`, with each RawJson in it written as its text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `__corpus_raw_${raws.length - 1}__`;
    }
    return item;
  });
  return text.replace(/"__corpus_raw_(\d+)__"/g, (_m, i) => raws[Number(i)]);
}

/** The bad values for a field or parameter of this schema. */
function badValuesFor(schema: Schema): Array<readonly [string, unknown]> {
  const type = typeOf(schema);
  const wrongTypes = WRONG_TYPES.filter(([label]) => {
    if (type === 'integer' || type === 'number') return label !== 'a number';
    if (type === 'object') return label !== 'an object';
    if (type === 'array') return label !== 'an array';
    if (type === 'boolean') return label !== 'a boolean';
    if (type === 'string') return label !== 'a string';
    return true;
  });
  switch (type) {
    case 'string':
      return [
        ...BAD_STRINGS,
        ['100 KB', 'a'.repeat(LONG)],
        ['not in the enum', 'not-one-of-them'],
        ...wrongTypes,
      ];
    case 'integer':
    case 'number':
      return [
        ['negative', -1],
        ['zero', 0],
        ['fraction', 1.5],
        ['huge', 1e308],
        ['Infinity', new RawJson('1e400')],
        ['a numeric string', '1'],
        ...wrongTypes,
      ];
    case 'boolean':
      return [['a string "true"', 'true'], ...wrongTypes];
    case 'array':
      return [
        ['100,000 items', new RawJson(hugeArray())],
        ['nested arrays', [[[[]]]]],
        ['of nulls', [null, null]],
        ...wrongTypes,
      ];
    case 'object':
      return [
        ['nested 20,000 levels', new RawJson(deepObjects())],
        ['with a NUL key', { '\u0000': 1 }],
        ...wrongTypes,
      ];
    default:
      return [...BAD_STRINGS, ...WRONG_TYPES];
  }
}

/** Bad values for a parameter, as the strings a URL carries. */
function badParameterValues(
  schema: Schema,
  where: 'path' | 'query',
): Array<{ label: string; encoded: string; tooLongForHttp?: boolean }> {
  const encode = (value: string) => encodeURIComponent(value);
  const values: Array<{
    label: string;
    encoded: string;
    tooLongForHttp?: boolean;
  }> = BAD_STRINGS.filter(
    // An empty path segment is another route; the lone surrogate cannot be
    // percent-encoded (it is sent raw below).
    ([, value]) => value !== '\ud800' && !(where === 'path' && value === ''),
  ).map(([label, value]) => ({ label, encoded: encode(value) }));
  values.push(
    { label: '8 KB', encoded: 'a'.repeat(LONG_IN_URL) },
    { label: '100 KB', encoded: 'a'.repeat(LONG), tooLongForHttp: true },
    // Sent as they are: percent-encodings the server decodes itself.
    { label: 'raw %00', encoded: '%00' },
    { label: 'encoded ../', encoded: '..%2F..%2Fetc%2Fpasswd' },
    { label: 'lone surrogate', encoded: '%ED%A0%80' },
    { label: 'broken percent-encoding', encoded: '%E0%A4%A' },
    { label: 'lone %', encoded: '%' },
  );
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    for (const value of [
      'abc',
      '-1',
      '0',
      '1.5',
      '1e400',
      '0x10',
      '99999999999999999999',
    ]) {
      values.push({ label: `number ${value}`, encoded: encode(value) });
    }
  }
  if (type === 'boolean') {
    values.push({ label: 'not a boolean', encoded: 'maybe' });
  }
  return values;
}

/**
 * Every bad request the corpus has for `operation`: one bad part each, the
 * rest from `bases`.
 */
export function badInputRequests(
  operation: PortalOperation,
  bases: CorpusBases,
): CorpusRequest[] {
  const parameterBase = (name: string, schema: Schema) =>
    bases.parameter(operation, name) ?? String(sampleOf(schema));
  const pathParameters = operation.parameters.filter(p => p.in === 'path');
  const queryParameters = operation.parameters.filter(p => p.in === 'query');

  const urlWith = (
    override?: { name: string; in: 'path' | 'query'; encoded?: string },
    extraQuery = '',
  ) => {
    let url = `/api/${operation.pluginId}${operation.path}`;
    for (const p of pathParameters) {
      const encoded =
        override?.in === 'path' && override.name === p.name
          ? override.encoded!
          : encodeURIComponent(parameterBase(p.name, p.schema));
      url = url.replace(`{${p.name}}`, encoded);
    }
    const query: string[] = [];
    for (const p of queryParameters) {
      if (override?.in === 'query' && override.name === p.name) {
        if (override.encoded !== undefined) {
          query.push(`${encodeURIComponent(p.name)}=${override.encoded}`);
        }
      } else if (p.required) {
        query.push(
          `${encodeURIComponent(p.name)}=${encodeURIComponent(
            parameterBase(p.name, p.schema),
          )}`,
        );
      }
    }
    if (extraQuery) query.push(extraQuery);
    return query.length ? `${url}?${query.join('&')}` : url;
  };

  const requestBody = operation.requestBody;
  const baseBody = requestBody
    ? bases.body(operation) ?? sampleOf(requestBody.schema)
    : undefined;
  const baseText = requestBody ? toJsonText(baseBody) : undefined;
  const requests: CorpusRequest[] = [];
  const add = (request: Omit<CorpusRequest, 'operation'>) =>
    requests.push({
      operation,
      ...(baseText !== undefined && { rawBody: baseText }),
      ...request,
    });

  // --- Parameters -----------------------------------------------------------
  for (const p of [...pathParameters, ...queryParameters]) {
    const where = p.in as 'path' | 'query';
    for (const value of badParameterValues(p.schema, where)) {
      add({
        label: `${where} ${p.name}: ${value.label}`,
        path: urlWith({ name: p.name, in: where, encoded: value.encoded }),
        ...(value.tooLongForHttp && { tooLongForHttp: true }),
      });
    }
    if (where === 'query') {
      add({
        label: `query ${p.name}: given twice`,
        path: urlWith(
          { name: p.name, in: 'query', encoded: 'a' },
          `${encodeURIComponent(p.name)}=b`,
        ),
      });
      if (p.required) {
        add({
          label: `query ${p.name}: missing`,
          path: urlWith({ name: p.name, in: 'query' }),
        });
      }
    }
  }
  add({
    label: 'query: an unknown parameter',
    path: urlWith(undefined, 'corpusUnknown=1'),
  });

  // --- The body as a whole ----------------------------------------------------
  if (requestBody) {
    const url = urlWith();
    const firstString = fieldsOf(requestBody.schema, baseBody).find(
      field => typeOf(field.schema) === 'string' && field.path.length === 1,
    );
    const wholeBodies: Array<[string, string]> = [
      ['malformed JSON', '{"a": '],
      ['empty', ''],
      ['null', 'null'],
      ['a bare string', '"corpus"'],
      ['a bare number', '12'],
      ['an array instead of an object', '[]'],
      ['arrays nested 20,000 levels', deepArrays()],
      ['objects nested 20,000 levels', deepObjects()],
      ['an array of 100,000 items', hugeArray()],
      [
        '10 MB',
        toJsonText(
          withField(
            baseBody,
            [firstString?.path[0] ?? 'padding'],
            'x'.repeat(TEN_MB),
          ),
        ),
      ],
      [
        'a __proto__ key',
        `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}${
          baseText && baseText !== '{}' && baseText.startsWith('{')
            ? `, ${baseText.slice(1)}`
            : '}'
        }`,
      ],
      ['a NUL key', `{"\\u0000": 1}`],
    ];
    for (const [label, rawBody] of wholeBodies) {
      add({ label: `body: ${label}`, path: url, rawBody });
    }
    add({
      label: 'body: sent as text/plain',
      path: url,
      headers: { 'Content-Type': 'text/plain' },
    });
    add({
      label: 'body: JSON in latin1',
      path: url,
      headers: { 'Content-Type': 'application/json; charset=latin1' },
    });

    // --- Each field -----------------------------------------------------------
    for (const field of fieldsOf(requestBody.schema, baseBody)) {
      const name = field.path.join('.');
      for (const [label, value] of badValuesFor(field.schema)) {
        add({
          label: `body.${name}: ${label}`,
          path: url,
          rawBody: toJsonText(withField(baseBody, field.path, value)),
        });
      }
      add({
        label: `body.${name}: missing`,
        path: url,
        rawBody: toJsonText(withField(baseBody, field.path, MISSING)),
      });
    }
  }
  return requests;
}
