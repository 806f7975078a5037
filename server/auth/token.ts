// Short-lived signed sign-in tokens (JWT, HS256 only).
import { randomBytes, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from './principal.ts';

const ISSUER = 'gridcity';
const ALGORITHM = 'HS256';

export interface TokenKeys {
  key: Uint8Array;
  ttlS: number;
  /** Longest a sign-in may be renewed for, from the sign-in itself. */
  sessionMaxS: number;
}

export function tokenKeys(secret: string | undefined, ttlS: number, sessionMaxS: number): TokenKeys {
  return { key: secret ? new TextEncoder().encode(secret) : new Uint8Array(randomBytes(32)), ttlS, sessionMaxS };
}

/** What a verified token says: who, until when, and when they signed in (renewals keep it). */
export interface VerifiedToken {
  userId: number;
  expiresAt: Date | null;
  signedInAt: Date | null;
}

/**
 * A token for the user. `signedInAt` is the sign-in a renewal continues (now for a
 * sign-in); no token outlives the sign-in by more than `sessionMaxS`.
 */
export async function signToken(keys: TokenKeys, userId: number, username: string, signedInAt?: Date): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const authTime = signedInAt ? Math.floor(signedInAt.getTime() / 1000) : now;
  const exp = Math.min(now + keys.ttlS, authTime + keys.sessionMaxS);
  if (exp <= now) throw unauthorized('the sign-in is older than the longest session allowed; sign in again');
  const token = await new SignJWT({ name: username, auth_time: authTime })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(String(userId))
    .setIssuedAt(now)
    // Unique per token, so that a renewal within the same second is still a new token.
    .setJti(randomUUID())
    .setExpirationTime(exp)
    .sign(keys.key);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The user id and expiry of a valid token; a tampered, expired or foreign token is a 401 saying which. */
export async function verifyToken(keys: TokenKeys, token: string): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, keys.key, { algorithms: [ALGORITHM], issuer: ISSUER });
    const id = Number(payload.sub);
    if (!Number.isInteger(id) || id <= 0) throw unauthorized('the token names no user');
    // Tokens signed before auth_time existed continue the sign-in of their issue.
    const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : payload.iat;
    return {
      userId: id,
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
      signedInAt: typeof authTime === 'number' ? new Date(authTime * 1000) : null,
    };
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw unauthorized('the token has expired; sign in again');
    if (err instanceof errors.JOSEAlgNotAllowed) throw unauthorized('the token is not signed with HS256');
    if (err instanceof errors.JOSEError) throw unauthorized(`the token is not valid: ${err.message}`);
    throw err;
  }
}
