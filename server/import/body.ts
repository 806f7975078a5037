// The upload of an import, streamed to a temporary file: never held in memory,
// counted against the byte limit as it arrives (413 at once when over), hashed
// (SHA-256) for the Idempotency-Key check. Parsing then streams from the file, so
// the database transaction lasts as long as the work, not as long as the upload.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.ts';

export interface Spooled {
  file: string;
  bytes: number;
  sha256: string;
  /** Removes the file. */
  remove(): Promise<void>;
}

export const tooLarge = (limit: number) =>
  new AppError(413, 'payload_too_large', `the upload is larger than ${limit.toLocaleString('en')} bytes; split it into several imports`, { limitBytes: limit });

export async function spoolBody(req: IncomingMessage, limit: number): Promise<Spooled> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const dir = await mkdtemp(path.join(tmpdir(), 'gridcity-import-'));
  const file = path.join(dir, 'body');
  const remove = () => rm(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        // Keep reading (and dropping) the rest, so the answer reaches the client.
        req.removeListener('data', onData);
        req.resume();
        reject(err);
      };
      const onData = (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limit) return fail(tooLarge(limit));
        hash.update(chunk);
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      };
      req.on('data', onData);
      req.once('end', () => (failed ? undefined : out.end(() => resolve())));
      req.once('aborted', () => fail(new AppError(400, 'upload_failed', 'the upload was aborted before it arrived whole')));
      req.once('error', (err) => fail(new AppError(400, 'upload_failed', `the upload did not arrive whole: ${err.message}`)));
      out.once('error', (err) => fail(err));
    });
  } catch (err) {
    out.destroy();
    await remove();
    throw err;
  }
  if (bytes === 0) {
    await remove();
    throw new AppError(400, 'empty_body', 'the request has no body; send a GeoJSON FeatureCollection or a CSV file');
  }
  return { file, bytes, sha256: hash.digest('hex'), remove };
}
