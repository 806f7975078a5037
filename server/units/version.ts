// Versions of edited features as HTTP entity tags: a write must carry the version it
// read (If-Match); a stale one is refused with 412, a missing one with 428.
import { AppError } from '../errors.ts';

export const etagOf = (version: number) => `"v${version}"`;

/** The version an If-Match header names. */
export function requiredVersion(header: string | undefined, what: string): number {
  if (!header) {
    throw new AppError(428, 'precondition_required', `send If-Match with the ETag of the ${what} you edited (read it with GET first), so that no one's edit is lost`);
  }
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(header);
  if (!m) throw new AppError(400, 'bad_if_match', `If-Match must be one ETag such as "v3", got ${header}`);
  return Number(m[1]);
}
