// Short-lived signed sign-in tokens (JWT, HS256 only).
import { randomBytes, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from './principal.ts';

const ISSUER = 'gridcity';
const ALGORITHM = 'HS256';

export interface TokenKeys {
  key: Uint8Array;
  ttlS: number;
}

export function tokenKeys(secret: string | undefined, ttlS: number): TokenKeys {
  return { key: secret ? new TextEncoder().encode(secret) : new Uint8Array(randomBytes(32)), ttlS };
}

export async function signToken(keys: TokenKeys, userId: number, username: string): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ name: username })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(String(userId))
    .setIssuedAt(now)
    // Unique per token, so that a renewal within the same second is still a new token.
    .setJti(randomUUID())
    .setExpirationTime(now + keys.ttlS)
    .sign(keys.key);
  return { token, expiresAt: new Date((now + keys.ttlS) * 1000) };
}

/** The user id and expiry of a valid token; a tampered, expired or foreign token is a 401 saying which. */
export async function verifyToken(keys: TokenKeys, token: string): Promise<{ userId: number; expiresAt: Date | null }> {
  try {
    const { payload } = await jwtVerify(token, keys.key, { algorithms: [ALGORITHM], issuer: ISSUER });
    const id = Number(payload.sub);
    if (!Number.isInteger(id) || id <= 0) throw unauthorized('the token names no user');
    return { userId: id, expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null };
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw unauthorized('the token has expired; sign in again');
    if (err instanceof errors.JOSEAlgNotAllowed) throw unauthorized('the token is not signed with HS256');
    if (err instanceof errors.JOSEError) throw unauthorized(`the token is not valid: ${err.message}`);
    throw err;
  }
}
