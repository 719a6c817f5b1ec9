import { ServiceUnavailableError } from '@backstage/errors';
import {
  ConfigDiff,
  ConfigDiffEntry,
  ConfigDiffSide,
  ConfigEntry,
  MASKED_SECRET_VALUE,
} from '@internal/plugin-environments-common';
import {
  EnvironmentStore,
  StoredConfigEntry,
} from '../database/EnvironmentStore';
import { SecretCipher } from '../secrets/SecretCipher';

/**
 * Config entries of environments. Secrets are encrypted before they reach
 * the store, and nothing this class returns holds a secret's value: entries
 * come back masked, diffs say only whether secrets differ. Audit entries
 * name the key and whether it is secret, never a value.
 */
export class ConfigService {
  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      /** Absent without `environments.secretsKey`: secrets can't be written or compared. */
      cipher?: SecretCipher;
    },
  ) {}

  async list(environment: string): Promise<ConfigEntry[]> {
    return (await this.deps.store.listConfig(environment)).map(toMasked);
  }

  async put(options: {
    environment: string;
    key: string;
    value: string;
    secret: boolean;
    actor: string;
  }): Promise<ConfigEntry> {
    const { environment, key, value, secret, actor } = options;
    const audit = {
      environment,
      action: 'config.set' as const,
      actor,
      details: { key, secret },
    };
    const stored = secret
      ? await this.deps.store.putConfigEntry(
          {
            environment,
            key,
            secret: true,
            ciphertext: this.cipher().encrypt(value, { environment, key }),
            updatedBy: actor,
          },
          audit,
        )
      : await this.deps.store.putConfigEntry(
          { environment, key, secret: false, value, updatedBy: actor },
          audit,
        );
    return toMasked(stored);
  }

  /** False when there was no such entry. */
  async delete(options: {
    environment: string;
    key: string;
    actor: string;
  }): Promise<boolean> {
    const { environment, key, actor } = options;
    return this.deps.store.deleteConfigEntry(environment, key, {
      environment,
      action: 'config.delete',
      actor,
      details: { key },
    });
  }

  /**
   * The entries of two environments key by key. With `compareSecrets` (the
   * caller may write both environments' config), two secrets are compared by
   * their decrypted values, and a secret and a plain value always count as
   * `different`, since saying they are the same would disclose the secret.
   * Without it, a key that is secret on either side is `not_compared`:
   * otherwise anyone could test guessed values against a secret by writing
   * them where they may and comparing.
   */
  async diff(
    from: string,
    to: string,
    options: { compareSecrets: boolean },
  ): Promise<ConfigDiff> {
    const [fromEntries, toEntries] = await Promise.all([
      this.deps.store.listConfig(from),
      this.deps.store.listConfig(to),
    ]);
    const fromByKey = new Map(fromEntries.map(e => [e.key, e]));
    const toByKey = new Map(toEntries.map(e => [e.key, e]));
    const keys = [...new Set([...fromByKey.keys(), ...toByKey.keys()])].sort();

    const items = keys.map((key): ConfigDiffEntry => {
      const a = fromByKey.get(key);
      const b = toByKey.get(key);
      return {
        key,
        ...(a && { from: side(a) }),
        ...(b && { to: side(b) }),
        status: this.compare(a, b, options.compareSecrets),
      };
    });
    return { from, to, items };
  }

  private compare(
    a: StoredConfigEntry | undefined,
    b: StoredConfigEntry | undefined,
    compareSecrets: boolean,
  ): ConfigDiffEntry['status'] {
    if (!a) return 'only-to';
    if (!b) return 'only-from';
    if (!a.secret && !b.secret) {
      return a.value === b.value ? 'same' : 'different';
    }
    if (!compareSecrets) {
      return 'not_compared';
    }
    if (a.secret && b.secret) {
      const equal = this.cipher().equal(
        { ciphertext: a.ciphertext, context: a },
        { ciphertext: b.ciphertext, context: b },
      );
      return equal ? 'same' : 'different';
    }
    return 'different';
  }

  private cipher(): SecretCipher {
    if (!this.deps.cipher) {
      throw new ServiceUnavailableError(
        'Secrets are not available: environments.secretsKey is not configured',
      );
    }
    return this.deps.cipher;
  }
}

function toMasked(entry: StoredConfigEntry): ConfigEntry {
  return {
    key: entry.key,
    value: entry.secret ? MASKED_SECRET_VALUE : entry.value,
    secret: entry.secret,
    updatedAt: entry.updatedAt,
    updatedBy: entry.updatedBy,
  };
}

function side(entry: StoredConfigEntry): ConfigDiffSide {
  return {
    value: entry.secret ? MASKED_SECRET_VALUE : entry.value,
    secret: entry.secret,
  };
}
