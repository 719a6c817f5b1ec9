import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** A problem with one field of a course document. */
export interface CourseDocumentError {
  /** The field's path, e.g. `modules[1].lessons[0].url`. */
  field: string;
  message: string;
}

export const MAX_SLUG_LENGTH = 63;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A course, module, lesson, category or tag id: a lowercase slug of at most 63. */
export function isCourseId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_SLUG_LENGTH &&
    SLUG.test(value)
  );
}

/** Collects errors while reading fields; each reader returns a safe default. */
export class FieldValidator {
  constructor(private readonly errors: CourseDocumentError[]) {}

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  object(
    value: unknown,
    field: string,
    allowed: string[],
  ): Record<string, unknown> | undefined {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return this.fail(field || '(document)', 'must be an object');
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(field ? `${field}.${key}` : key, 'unknown field');
      }
    }
    return value as Record<string, unknown>;
  }

  text(value: unknown, field: string, max: number): string | undefined {
    if (value === undefined || value === null) {
      return this.fail(field, 'is required');
    }
    if (typeof value !== 'string') {
      return this.fail(field, 'must be a string');
    }
    const trimmed = value.trim();
    if (!trimmed) {
      return this.fail(field, 'must not be empty');
    }
    if (trimmed.length > max) {
      return this.fail(field, `must be at most ${max} characters`);
    }
    return trimmed;
  }

  slug(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null || value === '') {
      return this.fail(field, 'is required');
    }
    if (!isCourseId(value)) {
      return this.fail(
        field,
        `${JSON.stringify(
          value,
        )} is not a slug (lowercase letters, digits and single '-', at most ${MAX_SLUG_LENGTH})`,
      );
    }
    return value;
  }

  list(
    value: unknown,
    field: string,
    limits: { min?: number; max: number },
  ): unknown[] {
    if (value === undefined || value === null) {
      if (limits.min) {
        this.fail(field, 'is required');
      }
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list');
      return [];
    }
    if (limits.min && value.length < limits.min) {
      this.fail(field, `must have at least ${limits.min} item(s)`);
    }
    if (value.length > limits.max) {
      this.fail(field, `must have at most ${limits.max} items`);
      return [];
    }
    return value;
  }

  slugList(value: unknown, field: string, limits: { max: number }): string[] {
    const seen = new Set<string>();
    return this.list(value, field, limits).flatMap((item, i) => {
      const slug = this.slug(item, `${field}[${i}]`);
      return slug && this.unique(seen, slug, `${field}[${i}]`, 'entry')
        ? [slug]
        : [];
    });
  }

  /** Adds `id` to `seen`; false (and an error) when it was there already. */
  unique(seen: Set<string>, id: string, field: string, what: string): boolean {
    if (seen.has(id)) {
      this.fail(field, `duplicate ${what} "${id}"`);
      return false;
    }
    seen.add(id);
    return true;
  }

  oneOf<T extends string>(
    value: unknown,
    field: string,
    allowed: readonly T[],
  ): T | undefined {
    if (value === undefined || value === null) {
      return this.fail(field, 'is required');
    }
    if (!allowed.includes(value as T)) {
      return this.fail(field, `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  minutes(value: unknown, field: string): number {
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > 10_000
    ) {
      this.fail(field, 'must be a whole number of minutes from 1 to 10000');
      return 0;
    }
    return value;
  }

  entityRef(
    value: unknown,
    field: string,
    defaultKind: string,
    kinds?: string[],
  ): string | undefined {
    if (typeof value !== 'string' || !value.trim()) {
      return this.fail(field, 'is required');
    }
    let ref;
    try {
      ref = parseEntityRef(value.trim(), {
        defaultKind,
        defaultNamespace: 'default',
      });
    } catch {
      return this.fail(field, `"${value}" is not an entity ref`);
    }
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kinds && !kinds.includes(kind)) {
      return this.fail(field, `must be a ${kinds.join(' or ')} ref`);
    }
    // Catalog refs are case-insensitive; courses store them lowercased.
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  }

  /** A page inside an entity's docs: relative, without `..`. */
  docsPath(value: unknown, field: string): string {
    if (value === undefined || value === null) {
      return '';
    }
    if (typeof value !== 'string') {
      this.fail(field, 'must be a string');
      return '';
    }
    const path = value.trim().replace(/^\/+/, '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.split('/').includes('..')) {
      this.fail(field, 'must be a page within the docs, e.g. getting-started/');
      return '';
    }
    return path;
  }

  httpUrl(value: unknown, field: string): string {
    if (typeof value !== 'string' || !value.trim()) {
      this.fail(field, 'is required');
      return '';
    }
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      this.fail(field, `"${value}" is not a URL`);
      return '';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      this.fail(field, 'must be an http or https URL');
      return '';
    }
    return url.toString();
  }
}
