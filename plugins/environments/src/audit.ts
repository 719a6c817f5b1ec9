import { AuditAction, AuditEntry } from '@internal/plugin-environments-common';

const ACTION_LABELS: Record<AuditAction, string> = {
  'environment.create': 'Preview created',
  'environment.extend': 'Preview extended',
  'environment.delete': 'Preview torn down',
  'environment.expiry-warning': 'Expiry warning sent',
  'environment.teardown': 'Preview expired and torn down',
  'config.set': 'Configuration set',
  'config.delete': 'Configuration removed',
  'lock.create': 'Locked',
  'lock.delete': 'Lock lifted',
  'freeze-window.create': 'Freeze window added',
  'freeze-window.delete': 'Freeze window removed',
  'promotion.create': 'Promotion requested',
};

/** How an audited action reads, e.g. "Lock lifted". */
export function auditActionLabel(action: AuditAction): string {
  return ACTION_LABELS[action] ?? action;
}

type Primitive = string | number | boolean;

function isPrimitive(value: unknown): value is Primitive {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

/**
 * The details of an entry as "key: value" pairs, e.g. "key: DB_URL, secret:
 * true". Only plain values are shown; a `value` next to `secret: true` never
 * is, whatever the backend sent.
 */
export function auditDetails(entry: AuditEntry): string {
  const { details } = entry;
  const hideValue = details.secret === true;
  return Object.entries(details)
    .filter(
      (pair): pair is [string, Primitive] =>
        isPrimitive(pair[1]) && !(hideValue && pair[0] === 'value'),
    )
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
}
