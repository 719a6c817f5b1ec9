import { ConfigReader } from '@backstage/config';
import { randomBytes } from 'node:crypto';
import { SecretCipher } from './SecretCipher';

const KEY = randomBytes(32);
const CONTEXT = { environment: 'staging', key: 'DATABASE_PASSWORD' };

describe('SecretCipher', () => {
  const cipher = new SecretCipher(KEY);

  it('round-trips a value without the plaintext in the ciphertext', () => {
    const plaintext = 'hunter2-üñí©ødé';

    const stored = cipher.encrypt(plaintext, CONTEXT);

    expect(stored).toMatch(/^v1\.[^.]+\.[^.]+\.[^.]+$/);
    expect(stored).not.toContain(plaintext);
    expect(stored).not.toContain(Buffer.from(plaintext).toString('base64'));
    expect(cipher.decrypt(stored, CONTEXT)).toBe(plaintext);
  });

  it('uses a fresh IV for every encryption', () => {
    expect(cipher.encrypt('same', CONTEXT)).not.toBe(
      cipher.encrypt('same', CONTEXT),
    );
  });

  it('refuses a ciphertext moved to another entry or environment', () => {
    const stored = cipher.encrypt('s3cret', CONTEXT);

    expect(() => cipher.decrypt(stored, { ...CONTEXT, key: 'OTHER' })).toThrow(
      /could not be decrypted/,
    );
    expect(() =>
      cipher.decrypt(stored, { ...CONTEXT, environment: 'production' }),
    ).toThrow(/could not be decrypted/);
  });

  it('refuses a tampered ciphertext or another key, without echoing it', () => {
    const stored = cipher.encrypt('s3cret', CONTEXT);
    const [version, iv, tag, body] = stored.split('.');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;
    const tampered = [version, iv, tag, flipped.toString('base64')].join('.');

    expect(() => cipher.decrypt(tampered, CONTEXT)).toThrow(
      /^The secret DATABASE_PASSWORD of staging could not be decrypted/,
    );
    expect(() =>
      new SecretCipher(randomBytes(32)).decrypt(stored, CONTEXT),
    ).toThrow(/could not be decrypted/);
  });

  it('compares secrets by value', () => {
    const a = { ciphertext: cipher.encrypt('x', CONTEXT), context: CONTEXT };
    const other = { environment: 'production', key: 'DATABASE_PASSWORD' };
    const b = { ciphertext: cipher.encrypt('x', other), context: other };
    const c = { ciphertext: cipher.encrypt('y', other), context: other };

    expect(cipher.equal(a, b)).toBe(true);
    expect(cipher.equal(a, c)).toBe(false);
  });

  describe('fromConfig', () => {
    it('reads a base64 key of 32 bytes', () => {
      const fromConfig = SecretCipher.fromConfig(
        new ConfigReader({
          environments: { secretsKey: KEY.toString('base64') },
        }),
      )!;
      expect(fromConfig.decrypt(cipher.encrypt('v', CONTEXT), CONTEXT)).toBe(
        'v',
      );
    });

    it('is undefined without a key', () => {
      expect(SecretCipher.fromConfig(new ConfigReader({}))).toBeUndefined();
    });

    it.each([
      ['too short', randomBytes(16).toString('base64')],
      ['not base64', 'not a key at all, not even close to one!!'],
    ])('refuses a key that is %s', (_, secretsKey) => {
      expect(() =>
        SecretCipher.fromConfig(
          new ConfigReader({ environments: { secretsKey } }),
        ),
      ).toThrow(/environments.secretsKey must be 32 bytes/);
    });
  });
});
