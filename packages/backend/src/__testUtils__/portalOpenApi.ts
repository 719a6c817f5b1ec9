/*
 * The operations of every portal plugin's OpenAPI spec
 * (plugins/*-backend/src/schema/openapi.yaml), read when a test runs, so a
 * test iterating them covers an operation as soon as it is in a spec.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const PLUGINS_DIR = path.join(REPO_ROOT, 'plugins');

/** A JSON schema of a spec, with every `$ref` resolved. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
}

export interface PortalParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface PortalOperation {
  /** The plugin id, which is also where it is mounted: `/api/<pluginId>`. */
  pluginId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The spec's path template, e.g. `/environments/{name}/config/{key}`. */
  path: string;
  operationId?: string;
  parameters: PortalParameter[];
  /** The JSON request body's schema, when the operation takes one. */
  requestBody?: { required: boolean; schema: Schema };
  /** Anything but a GET: the operations that need an identity and a permission. */
  isWrite: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `node` with every local `$ref` replaced by what it points at. */
function resolveRefs(spec: any, node: any, seen: string[] = []): any {
  if (Array.isArray(node)) {
    return node.map(item => resolveRefs(spec, item, seen));
  }
  if (typeof node !== 'object' || node === null) {
    return node;
  }
  if (typeof node.$ref === 'string') {
    const ref: string = node.$ref;
    if (!ref.startsWith('#/')) {
      throw new Error(`Only local $refs are supported, not ${ref}`);
    }
    // A recursive schema stops at its second visit: "anything" from there.
    if (seen.includes(ref)) return {};
    const target = ref
      .slice(2)
      .split('/')
      .reduce((value, key) => value?.[key.replace(/~1/g, '/')], spec);
    if (target === undefined) {
      throw new Error(`Unresolvable $ref ${ref}`);
    }
    return resolveRefs(spec, target, [...seen, ref]);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      resolveRefs(spec, value, seen),
    ]),
  );
}

/** The spec files, one per portal backend plugin that has one. */
export function portalOpenApiSpecFiles(): Array<{
  pluginId: string;
  file: string;
}> {
  return fs
    .readdirSync(PLUGINS_DIR)
    .filter(dir => dir.endsWith('-backend'))
    .map(dir => ({
      pluginId: dir.replace(/-backend$/, ''),
      file: path.join(PLUGINS_DIR, dir, 'src/schema/openapi.yaml'),
    }))
    .filter(({ file }) => fs.existsSync(file))
    .sort((a, b) => a.pluginId.localeCompare(b.pluginId));
}

/** Every operation of every portal plugin's spec. */
export function readPortalOperations(): PortalOperation[] {
  return portalOpenApiSpecFiles().flatMap(({ pluginId, file }) => {
    const spec = parseYaml(fs.readFileSync(file, 'utf8'));
    return Object.entries<any>(spec.paths ?? {}).flatMap(
      ([specPath, pathItem]) => {
        const shared: any[] = resolveRefs(spec, pathItem.parameters ?? []);
        return METHODS.filter(method => pathItem[method]).map(method => {
          const operation = resolveRefs(spec, pathItem[method]);
          const own: any[] = operation.parameters ?? [];
          const parameters = [
            ...shared.filter(
              p => !own.some(o => o.name === p.name && o.in === p.in),
            ),
            ...own,
          ].map(p => ({
            name: p.name,
            in: p.in,
            required: Boolean(p.required),
            schema: p.schema ?? {},
          }));
          const json = operation.requestBody?.content?.['application/json'];
          return {
            pluginId,
            method: method.toUpperCase() as PortalOperation['method'],
            path: specPath,
            operationId: operation.operationId,
            parameters,
            ...(json && {
              requestBody: {
                required: Boolean(operation.requestBody.required),
                schema: json.schema ?? {},
              },
            }),
            isWrite: method !== 'get',
          };
        });
      },
    );
  });
}

/** `POST /api/deployments/deployments`: how failure messages name an operation. */
export function describeOperation(operation: PortalOperation): string {
  return `${operation.method} /api/${operation.pluginId}${operation.path}`;
}
