/**
 * Kubernetes label and field selectors, which both doubles accept: the
 * Kubernetes API as `labelSelector`/`fieldSelector`, ArgoCD as `selector`
 * (ArgoCD parses it with the Kubernetes library, so the grammar is the same).
 */

export class SelectorParseError extends Error {}

type LabelRequirement =
  | { key: string; operator: 'equals' | 'notEquals'; value: string }
  | { key: string; operator: 'in' | 'notIn'; values: string[] }
  | { key: string; operator: 'exists' | 'doesNotExist' };

export type LabelSelector = (
  labels: Record<string, string> | undefined,
) => boolean;

const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(${KEY})$`);
const DOES_NOT_EXIST = new RegExp(`^!\\s*(${KEY})$`);
const SET_VALUE = new RegExp(`^${VALUE}$`);

/** Splits on commas that are not inside an `in (...)` value set. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(part => part.trim());
}

function parseRequirement(text: string): LabelRequirement {
  let match = EQUALITY.exec(text);
  if (match) {
    return {
      key: match[1],
      operator: match[2] === '!=' ? 'notEquals' : 'equals',
      value: match[3],
    };
  }
  match = SET.exec(text);
  if (match) {
    const values = match[3].split(',').map(value => value.trim());
    if (values.some(value => !SET_VALUE.test(value))) {
      throw new SelectorParseError(
        `unable to parse requirement: invalid label value in set: "${match[3]}"`,
      );
    }
    return {
      key: match[1],
      operator: match[2] === 'in' ? 'in' : 'notIn',
      values,
    };
  }
  match = DOES_NOT_EXIST.exec(text);
  if (match) return { key: match[1], operator: 'doesNotExist' };
  match = EXISTS.exec(text);
  if (match) return { key: match[1], operator: 'exists' };
  throw new SelectorParseError(
    `unable to parse requirement: found '${text}', expected: key, '!key', 'key=value', 'key!=value', 'key in (values)' or 'key notin (values)'`,
  );
}

function matches(
  requirement: LabelRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'equals':
      return has && value === requirement.value;
    case 'notEquals':
      return !has || value !== requirement.value;
    case 'in':
      return has && requirement.values.includes(value);
    case 'notIn':
      return !has || !requirement.values.includes(value);
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Parses a label selector; an empty or absent selector matches everything. */
export function parseLabelSelector(
  selector: string | undefined,
): LabelSelector {
  if (!selector || selector.trim() === '') return () => true;
  const requirements = splitRequirements(selector).map(parseRequirement);
  return labels => requirements.every(r => matches(r, labels ?? {}));
}

export type FieldSelector = (object: unknown) => boolean;

function fieldValue(object: unknown, path: string): string | undefined {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined || current === null
    ? undefined
    : String(current);
}

/**
 * Parses a field selector (`involvedObject.name=x,type!=Normal`). The real
 * server only allows a few fields per kind; the double allows any path.
 */
export function parseFieldSelector(
  selector: string | undefined,
): FieldSelector {
  if (!selector || selector.trim() === '') return () => true;
  const requirements = selector.split(',').map(text => {
    const match = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(text.trim());
    if (!match) {
      throw new SelectorParseError(
        `invalid selector: '${selector}'; can't understand '${text}'`,
      );
    }
    return { path: match[1], negate: match[2] === '!=', value: match[3] };
  });
  return object =>
    requirements.every(({ path, negate, value }) => {
      const actual = fieldValue(object, path) ?? '';
      return negate ? actual !== value : actual === value;
    });
}
