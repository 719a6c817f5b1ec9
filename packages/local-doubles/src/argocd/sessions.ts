import {
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';

/**
 * ArgoCD-style session tokens: HS256 JWTs signed with a per-process secret,
 * with the claims argocd-server puts in a local user's token. Logging out
 * revokes a token, as it does on the real server.
 */

const SESSION_DURATION_SECONDS = 24 * 60 * 60;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export type SessionCheck =
  | { valid: true; username: string }
  | { valid: false; reason: string };

export class SessionIssuer {
  private readonly secret = randomBytes(32);
  private readonly revoked = new Set<string>();

  issue(username: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const claims = base64url(
      JSON.stringify({
        iss: 'argocd',
        sub: `${username}:login`,
        exp: now + SESSION_DURATION_SECONDS,
        nbf: now,
        iat: now,
        jti: randomUUID(),
      }),
    );
    return `${header}.${claims}.${this.sign(`${header}.${claims}`)}`;
  }

  /** The reasons use argocd-server's wording, which clients show to users. */
  verify(token: string): SessionCheck {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return {
        valid: false,
        reason: 'token contains an invalid number of segments',
      };
    }
    const [header, claims, signature] = parts;
    const expected = Buffer.from(this.sign(`${header}.${claims}`));
    const actual = Buffer.from(signature);
    if (
      expected.length !== actual.length ||
      !timingSafeEqual(expected, actual)
    ) {
      return {
        valid: false,
        reason: 'token signature is invalid: signature is invalid',
      };
    }
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
      sub: string;
      exp: number;
      jti: string;
    };
    if (payload.exp * 1000 < Date.now()) {
      return {
        valid: false,
        reason: 'token has invalid claims: token is expired',
      };
    }
    if (this.revoked.has(payload.jti)) {
      return { valid: false, reason: 'token is revoked, please re-login' };
    }
    return { valid: true, username: payload.sub.replace(/:login$/, '') };
  }

  revoke(token: string): void {
    const claims = token.split('.')[1];
    if (!claims) return;
    try {
      const { jti } = JSON.parse(
        Buffer.from(claims, 'base64url').toString(),
      ) as { jti?: string };
      if (jti) this.revoked.add(jti);
    } catch {
      // An unparseable token was never valid; nothing to revoke.
    }
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}
