import { Config } from '@backstage/config';
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The format of a stored ciphertext; a new key or scheme gets a new one. */
const VERSION = 'v1';

/** Where a secret belongs; bound to its ciphertext so rows cannot be swapped. */
export interface SecretContext {
  environment: string;
  key: string;
}

/**
 * Encrypts secret config values at rest with AES-256-GCM under the key of
 * `environments.secretsKey`. Each value gets a random 96-bit IV, and the
 * environment and key are authenticated data: a ciphertext copied to another
 * entry fails to decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64).
 */
export class SecretCipher {
  /** Undefined when no key is configured: secrets can then not be written. */
  static fromConfig(config: Config): SecretCipher | undefined {
    const encoded = config.getOptionalString('environments.secretsKey');
    if (encoded === undefined) {
      return undefined;
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== encoded.trim()) {
      throw new Error(
        `environments.secretsKey must be ${KEY_BYTES} bytes, base64-encoded (openssl rand -base64 32)`,
      );
    }
    return new SecretCipher(key);
  }

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw new Error(`A secrets key must be ${KEY_BYTES} bytes`);
    }
  }

  encrypt(plaintext: string, context: SecretContext): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData(context));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map(part => (typeof part === 'string' ? part : part.toString('base64')))
      .join('.');
  }

  /** Throws when the value was not encrypted with this key for this entry. */
  decrypt(stored: string, context: SecretContext): string {
    const [version, iv, tag, ciphertext, ...rest] = stored.split('.');
    if (version !== VERSION || ciphertext === undefined || rest.length) {
      throw new Error(
        `The secret ${context.key} of ${context.environment} is not in a known format`,
      );
    }
    const decipher = createDecipheriv(
      ALGORITHM,
      this.key,
      Buffer.from(iv, 'base64'),
      { authTagLength: TAG_BYTES },
    );
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // Never include the ciphertext or anything derived from it.
      throw new Error(
        `The secret ${context.key} of ${context.environment} could not be decrypted with environments.secretsKey`,
      );
    }
  }

  /** Whether two secrets hold the same value, compared in constant time. */
  equal(
    a: { ciphertext: string; context: SecretContext },
    b: { ciphertext: string; context: SecretContext },
  ): boolean {
    const left = Buffer.from(this.decrypt(a.ciphertext, a.context), 'utf8');
    const right = Buffer.from(this.decrypt(b.ciphertext, b.context), 'utf8');
    return left.length === right.length && timingSafeEqual(left, right);
  }
}

function associatedData({ environment, key }: SecretContext): Buffer {
  return Buffer.from(`${environment}\u0000${key}`, 'utf8');
}
