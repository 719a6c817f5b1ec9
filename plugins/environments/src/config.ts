import {
  ConfigDiffStatus,
  MASKED_SECRET_VALUE,
  MAX_CONFIG_VALUE_BYTES,
} from '@internal/plugin-environments-common';

const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** Why `key` cannot name a new entry, or undefined if it can. */
export function configKeyError(
  key: string,
  existingKeys: readonly string[],
): string | undefined {
  if (!key) {
    return 'Enter a key.';
  }
  if (!CONFIG_KEY.test(key)) {
    return 'Use at most 128 letters, digits, "_", "." and "-", starting with a letter or "_".';
  }
  if (existingKeys.includes(key)) {
    return `${key} is already set; edit it instead.`;
  }
  return undefined;
}

/** Why `value` cannot be stored, or undefined if it can. */
export function configValueError(value: string): string | undefined {
  if (new TextEncoder().encode(value).length > MAX_CONFIG_VALUE_BYTES) {
    return `Values are limited to ${MAX_CONFIG_VALUE_BYTES / 1024} KiB.`;
  }
  return undefined;
}

/**
 * The value to show for an entry. The backend never returns secrets, but the
 * UI does not rely on it: a secret shows as the mask whatever arrives.
 */
export function displayedValue(entry: {
  value: string;
  secret: boolean;
}): string {
  return entry.secret ? MASKED_SECRET_VALUE : entry.value;
}

/** How a diff status reads next to the two environments' names. */
export function diffStatusLabel(
  status: ConfigDiffStatus,
  from: string,
  to: string,
): string {
  switch (status) {
    case 'same':
      return 'Same';
    case 'different':
      return 'Different';
    case 'only-from':
      return `Only in ${from}`;
    case 'only-to':
      return `Only in ${to}`;
    case 'not_compared':
      // The server compares secrets only for those who may write both.
      return 'Secret — you cannot compare it';
    default:
      return status;
  }
}
