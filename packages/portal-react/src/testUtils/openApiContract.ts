/*
 * Checks HTTP exchanges against an OpenAPI 3.0 document, so that a
 * frontend's fake backend (MSW handlers) cannot drift from the backend's
 * spec: the fake's responses and the client's requests both have to match.
 *
 * Schemas are checked for the part of JSON Schema that OpenAPI 3.0 uses and
 * the portal's specs need (listed in CHECKED_KEYWORDS and FORMATS). A
 * document with any other keyword or format is refused when the contract is
 * created, so nothing is ever passed unchecked.
 */

/** A request as the backend would receive it. */
export interface OpenApiRequest {
  method: string;
  /** Below the API's base, e.g. `/courses/a-course`; percent-encoded. */
  path: string;
  query?: URLSearchParams;
  /** The parsed JSON body; undefined without a body. */
  body?: unknown;
}

/** A response to such a request. */
export interface OpenApiResponse {
  method: string;
  path: string;
  status: number;
  /** The parsed JSON body; undefined without a body. */
  body?: unknown;
}

export interface OpenApiContract {
  /**
   * How a request breaks the spec: an unknown operation, path or query
   * parameters that are missing, unknown or invalid, a body that does not
   * match. Empty when it conforms.
   */
  checkRequest(request: OpenApiRequest): string[];
  /**
   * How a response breaks the spec: a status the operation does not declare,
   * a body it does not declare, or one that does not match its schema. Server
   * failures (5xx) that the operation does not declare are allowed: any
   * server can fail.
   */
  checkResponse(response: OpenApiResponse): string[];
}

type JsonObject = { [key: string]: unknown };

const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
];

/** Keywords that only describe; nothing to check. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'default',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
]);

const CHECKED_KEYWORDS = new Set([
  '$ref',
  'type',
  'nullable',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
]);

const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What the formats in use mean; other formats are refused. */
const FORMATS: Record<string, ((value: string) => boolean) | undefined> = {
  'date-time': value => {
    const match = DATE_TIME.exec(value);
    return Boolean(match) && isValidDate(match![1]);
  },
  date: isValidDate,
  uri: value => {
    try {
      return Boolean(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  // Sizes of numbers, which JSON does not have: nothing to check.
  int32: undefined,
  int64: undefined,
  float: undefined,
  double: undefined,
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  return typeof value === 'object' ? 'an object' : String(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Operation {
  template: string;
  method: string;
  operation: JsonObject;
  /** The path item's parameters, then the operation's. */
  parameters: JsonObject[];
  /** Path parameters by name, decoded. */
  pathParams: Record<string, string>;
}

/** A spec's document, with `$ref`s resolved within it. */
class OpenApiDocument {
  constructor(private readonly document: JsonObject) {}

  /** Follows `$ref`s (local ones, `#/...`) to what they point at. */
  deref(node: unknown): JsonObject {
    const seen = new Set<string>();
    let current = node;
    while (isObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (seen.has(ref)) {
        throw new Error(`OpenAPI: $ref ${ref} refers to itself`);
      }
      seen.add(ref);
      current = this.resolve(ref);
    }
    if (!isObject(current)) {
      throw new Error(`OpenAPI: expected an object, found ${shown(current)}`);
    }
    return current;
  }

  private resolve(ref: string): unknown {
    if (!ref.startsWith('#/')) {
      throw new Error(`OpenAPI: only local $refs are supported, not ${ref}`);
    }
    let node: unknown = this.document;
    for (const part of ref.slice(2).split('/')) {
      const key = decodeURIComponent(part)
        .replace(/~1/g, '/')
        .replace(/~0/g, '~');
      if (!isObject(node) || !(key in node)) {
        throw new Error(`OpenAPI: $ref ${ref} points at nothing`);
      }
      node = node[key];
    }
    return node;
  }

  paths(): Array<[string, JsonObject]> {
    const paths = this.document.paths;
    return isObject(paths)
      ? Object.entries(paths).map(([template, item]) => [
          template,
          this.deref(item),
        ])
      : [];
  }

  /** The operation a request goes to; literal segments win over templates. */
  findOperation(method: string, path: string): Operation | undefined {
    const wanted = method.toLowerCase();
    const candidates: Array<Operation & { templated: number }> = [];
    for (const [template, item] of this.paths()) {
      const operation = item[wanted];
      if (!isObject(operation)) {
        continue;
      }
      const names: string[] = [];
      const pattern = template
        .split('/')
        .map(segment =>
          segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
            if (name) {
              names.push(name);
              return '([^/]+)';
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          }),
        )
        .join('/');
      const match = new RegExp(`^${pattern}$`).exec(path);
      if (!match) {
        continue;
      }
      const pathParams: Record<string, string> = {};
      names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(match[index + 1]);
      });
      const parameters = [
        ...((item.parameters as unknown[]) ?? []),
        ...((operation.parameters as unknown[]) ?? []),
      ].map(parameter => this.deref(parameter));
      candidates.push({
        template,
        method: wanted,
        operation,
        // An operation's parameter replaces the path item's of that name.
        parameters: parameters.filter(
          (parameter, index) =>
            !parameters
              .slice(index + 1)
              .some(p => p.name === parameter.name && p.in === parameter.in),
        ),
        pathParams,
        templated: names.length,
      });
    }
    candidates.sort((a, b) => a.templated - b.templated);
    return candidates[0];
  }
}

/** Refuses keywords and formats this contract does not check. */
function assertSupported(document: OpenApiDocument, root: JsonObject) {
  const seen = new Set<unknown>();
  const visitSchema = (schema: unknown, at: string) => {
    if (!isObject(schema) || seen.has(schema)) {
      return;
    }
    seen.add(schema);
    if (typeof schema.$ref === 'string') {
      visitSchema(document.deref(schema), schema.$ref);
      return;
    }
    for (const keyword of Object.keys(schema)) {
      if (
        !CHECKED_KEYWORDS.has(keyword) &&
        !ANNOTATIONS.has(keyword) &&
        !keyword.startsWith('x-')
      ) {
        throw new Error(
          `OpenAPI: ${at} uses "${keyword}", which this contract does not check`,
        );
      }
    }
    if (schema.type !== undefined && !TYPES.includes(schema.type as string)) {
      throw new Error(`OpenAPI: ${at} has the unknown type ${schema.type}`);
    }
    if (schema.format !== undefined && !(String(schema.format) in FORMATS)) {
      throw new Error(
        `OpenAPI: ${at} has the format "${schema.format}", which this contract does not check`,
      );
    }
    visitSchema(schema.items, `${at}.items`);
    if (isObject(schema.additionalProperties)) {
      visitSchema(schema.additionalProperties, `${at}.additionalProperties`);
    }
    for (const [name, property] of Object.entries(
      (schema.properties as JsonObject) ?? {},
    )) {
      visitSchema(property, `${at}.properties.${name}`);
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      ((schema[keyword] as unknown[]) ?? []).forEach((branch, index) =>
        visitSchema(branch, `${at}.${keyword}[${index}]`),
      );
    }
  };
  const visitContent = (owner: unknown, at: string) => {
    const content = isObject(owner) ? document.deref(owner).content : undefined;
    for (const [type, media] of Object.entries((content as JsonObject) ?? {})) {
      if (isObject(media)) {
        visitSchema(media.schema, `${at} ${type}`);
      }
    }
  };

  for (const [name, schema] of Object.entries(
    (isObject(root.components) && (root.components.schemas as JsonObject)) ||
      {},
  )) {
    visitSchema(schema, `#/components/schemas/${name}`);
  }
  for (const [template, item] of document.paths()) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) {
        continue;
      }
      const at = `${method.toUpperCase()} ${template}`;
      for (const parameter of [
        ...((item.parameters as unknown[]) ?? []),
        ...((operation.parameters as unknown[]) ?? []),
      ]) {
        const resolved = document.deref(parameter);
        visitSchema(resolved.schema, `${at} parameter ${resolved.name}`);
      }
      visitContent(operation.requestBody, `${at} request body`);
      for (const [status, response] of Object.entries(
        (operation.responses as JsonObject) ?? {},
      )) {
        visitContent(response, `${at} response ${status}`);
      }
    }
  }
}

/** Checks a value against a schema, adding `<at>: <problem>` to `errors`. */
function checkSchema(
  document: OpenApiDocument,
  node: unknown,
  value: unknown,
  at: string,
  errors: string[],
): void {
  const schema = document.deref(node);
  if (value === null && schema.nullable === true) {
    return;
  }
  const type = schema.type as string | undefined;
  if (type) {
    const ok =
      (type === 'integer' && Number.isInteger(value)) ||
      (type === 'number' &&
        typeof value === 'number' &&
        Number.isFinite(value)) ||
      (type === 'array' && Array.isArray(value)) ||
      (type === 'object' && isObject(value)) ||
      ((type === 'string' || type === 'boolean') && typeof value === type);
    if (!ok) {
      errors.push(
        `${at}: must be ${
          /^[aeiou]/.test(type) ? 'an' : 'a'
        } ${type}, not ${shown(value)}`,
      );
      return;
    }
  }
  if (
    Array.isArray(schema.enum) &&
    !schema.enum.some(option => deepEqual(option, value))
  ) {
    errors.push(
      `${at}: must be one of ${schema.enum
        .map(option => JSON.stringify(option))
        .join(', ')}, not ${shown(value)}`,
    );
  }

  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) {
      errors.push(`${at}: must be at least ${schema.minLength} characters`);
    }
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
      errors.push(`${at}: must be at most ${schema.maxLength} characters`);
    }
    if (
      typeof schema.pattern === 'string' &&
      !new RegExp(schema.pattern, 'u').test(value)
    ) {
      errors.push(`${at}: ${shown(value)} does not match ${schema.pattern}`);
    }
    const format = FORMATS[schema.format as string];
    if (format && !format(value)) {
      errors.push(`${at}: ${shown(value)} is not a ${schema.format}`);
    }
  }

  if (typeof value === 'number') {
    const { minimum, maximum } = schema;
    if (
      typeof minimum === 'number' &&
      (schema.exclusiveMinimum === true ? value <= minimum : value < minimum)
    ) {
      errors.push(
        `${at}: must be ${
          schema.exclusiveMinimum === true ? 'above' : 'at least'
        } ${minimum}, not ${value}`,
      );
    }
    if (
      typeof maximum === 'number' &&
      (schema.exclusiveMaximum === true ? value >= maximum : value > maximum)
    ) {
      errors.push(
        `${at}: must be ${
          schema.exclusiveMaximum === true ? 'below' : 'at most'
        } ${maximum}, not ${value}`,
      );
    }
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      errors.push(`${at}: must have at least ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      errors.push(`${at}: must have at most ${schema.maxItems} items`);
    }
    if (schema.items !== undefined) {
      value.forEach((item, index) =>
        checkSchema(document, schema.items, item, `${at}[${index}]`, errors),
      );
    }
  }

  if (isObject(value)) {
    const properties = (schema.properties as JsonObject | undefined) ?? {};
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (value[name] === undefined) {
        errors.push(`${at}.${name}: is required`);
      }
    }
    for (const [name, property] of Object.entries(value)) {
      if (property === undefined) {
        continue;
      }
      if (name in properties) {
        checkSchema(
          document,
          properties[name],
          property,
          `${at}.${name}`,
          errors,
        );
      } else if (schema.additionalProperties === false) {
        errors.push(`${at}.${name}: is not in the spec`);
      } else if (isObject(schema.additionalProperties)) {
        checkSchema(
          document,
          schema.additionalProperties,
          property,
          `${at}.${name}`,
          errors,
        );
      }
    }
  }

  for (const branch of (schema.allOf as unknown[] | undefined) ?? []) {
    checkSchema(document, branch, value, at, errors);
  }
  const branchErrors = (branches: unknown[]) =>
    branches.map(branch => {
      const found: string[] = [];
      checkSchema(document, branch, value, at, found);
      return found;
    });
  if (Array.isArray(schema.anyOf)) {
    const results = branchErrors(schema.anyOf);
    if (results.every(found => found.length > 0)) {
      errors.push(
        `${at}: matches none of its anyOf schemas (${results
          .map(found => found[0])
          .join('; ')})`,
      );
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const results = branchErrors(schema.oneOf);
    const matching = results.filter(found => found.length === 0).length;
    if (matching === 0) {
      errors.push(
        `${at}: matches none of its oneOf schemas (${results
          .map(found => found[0])
          .join('; ')})`,
      );
    } else if (matching > 1) {
      errors.push(`${at}: matches ${matching} of its oneOf schemas, not one`);
    }
  }
}

/** A path or query parameter's string as the value its schema describes. */
function parameterValue(
  document: OpenApiDocument,
  schemaNode: unknown,
  raw: string,
): unknown {
  const schema = document.deref(schemaNode);
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw))
        ? Number(raw)
        : raw;
    case 'boolean':
      return raw === 'true' || raw === 'false' ? raw === 'true' : raw;
    default:
      return raw;
  }
}

function jsonSchemaOf(
  document: OpenApiDocument,
  owner: unknown,
): { content: boolean; schema?: unknown } {
  const content = document.deref(owner).content;
  if (!isObject(content)) {
    return { content: false };
  }
  const json = content['application/json'];
  return { content: true, schema: isObject(json) ? json.schema : undefined };
}

/**
 * A contract from an OpenAPI 3.0 document (as parsed from its YAML or JSON).
 * Throws when the document uses what the contract cannot check.
 */
export function createOpenApiContract(spec: unknown): OpenApiContract {
  if (!isObject(spec) || !/^3\.0\.\d+$/.test(String(spec.openapi))) {
    throw new Error(
      `OpenAPI: expected an OpenAPI 3.0 document, found openapi: ${
        isObject(spec) ? shown(spec.openapi) : shown(spec)
      }`,
    );
  }
  const document = new OpenApiDocument(spec);
  assertSupported(document, spec);

  const unknownOperation = (method: string, path: string) => [
    `${method.toUpperCase()} ${path}: no such operation in the spec`,
  ];

  return {
    checkRequest({ method, path, query = new URLSearchParams(), body }) {
      const found = document.findOperation(method, path);
      if (!found) {
        return unknownOperation(method, path);
      }
      const errors: string[] = [];
      const declaredQuery = new Set<string>();
      for (const parameter of found.parameters) {
        const name = String(parameter.name);
        if (parameter.in === 'path') {
          checkSchema(
            document,
            parameter.schema,
            parameterValue(document, parameter.schema, found.pathParams[name]),
            `path.${name}`,
            errors,
          );
        } else if (parameter.in === 'query') {
          declaredQuery.add(name);
          const values = query.getAll(name);
          const isArray = document.deref(parameter.schema).type === 'array';
          if (values.length === 0) {
            if (parameter.required === true) {
              errors.push(`query.${name}: is required`);
            }
          } else if (isArray) {
            const items = document.deref(parameter.schema).items;
            checkSchema(
              document,
              parameter.schema,
              values.map(v => parameterValue(document, items, v)),
              `query.${name}`,
              errors,
            );
          } else if (values.length > 1) {
            errors.push(`query.${name}: is given ${values.length} times`);
          } else {
            checkSchema(
              document,
              parameter.schema,
              parameterValue(document, parameter.schema, values[0]),
              `query.${name}`,
              errors,
            );
          }
        }
      }
      for (const name of new Set(query.keys())) {
        if (!declaredQuery.has(name)) {
          errors.push(`query.${name}: is not in the spec`);
        }
      }

      const requestBody = found.operation.requestBody;
      if (requestBody === undefined) {
        if (body !== undefined) {
          errors.push('body: the operation takes none');
        }
      } else if (body === undefined) {
        if (document.deref(requestBody).required === true) {
          errors.push('body: is required');
        }
      } else {
        const { schema } = jsonSchemaOf(document, requestBody);
        if (schema === undefined) {
          errors.push('body: the operation takes no JSON');
        } else {
          checkSchema(document, schema, body, 'body', errors);
        }
      }
      return errors.map(
        error => `${method.toUpperCase()} ${found.template}: ${error}`,
      );
    },

    checkResponse({ method, path, status, body }) {
      const found = document.findOperation(method, path);
      if (!found) {
        return unknownOperation(method, path);
      }
      const label = `${method.toUpperCase()} ${found.template} → ${status}`;
      const responses = (found.operation.responses as JsonObject) ?? {};
      const declared =
        responses[String(status)] ??
        responses[`${Math.floor(status / 100)}XX`] ??
        responses.default;
      if (declared === undefined) {
        return status >= 500
          ? []
          : [`${label}: the spec declares no such status`];
      }
      const { content, schema } = jsonSchemaOf(document, declared);
      if (!content) {
        return body === undefined
          ? []
          : [`${label}: has a body, which the spec does not declare`];
      }
      if (schema === undefined) {
        return [`${label}: the spec declares no JSON body`];
      }
      if (body === undefined) {
        return [`${label}: has no body; the spec declares one`];
      }
      const errors: string[] = [];
      checkSchema(document, schema, body, 'body', errors);
      return errors.map(error => `${label}: ${error}`);
    },
  };
}
