// Features of a GeoJSON FeatureCollection read from a file as a stream of JSON
// tokens (stream-json): one feature is assembled at a time, so memory stays flat
// however many there are. The collection itself is checked as it goes by: an
// object, "type": "FeatureCollection", no "crs", a "features" array. Malformed JSON
// is answered 400 with the line, column and byte where it breaks (found by
// stream-json's verifier, which reports positions).
import { createReadStream } from 'node:fs';
import Assembler from 'stream-json/assembler.js';
import { verifyFile } from 'stream-json/file/verifier.js';
import { parser } from 'stream-json';
import { AppError } from '../errors.ts';

export interface SourceItem {
  index: number;
  line?: number;
  input: unknown;
}

interface Token {
  name: string;
  value?: string;
}

const collectionError = (message: string, reason: string) =>
  new AppError(422, 'invalid_feature_collection', message, { field: 'body', reason });

/** Why the file is not JSON, with where. */
async function malformed(file: string, err: unknown): Promise<AppError> {
  try {
    await verifyFile(file);
  } catch (v) {
    const e = v as { message?: string; line?: number; pos?: number; offset?: number };
    if (typeof e.offset === 'number') {
      return new AppError(400, 'malformed_json', `the body is not valid JSON at line ${e.line}, column ${e.pos} (byte ${e.offset}): ${(e.message ?? '').replace(/^Verifier cannot parse input: /, '')}`, {
        line: e.line, column: e.pos, offset: e.offset,
      });
    }
  }
  return new AppError(400, 'malformed_json', `the body is not valid JSON: ${(err as Error).message}`);
}

export async function* readFeatureCollection(file: string): AsyncGenerator<SourceItem> {
  const tokens = createReadStream(file).pipe(parser.asStream({ packValues: true, streamValues: false }));
  let depth = 0;
  let key: string | null = null;
  /** The top-level member being read: 'features' elements are assembled, others skipped. */
  let member: string | null = null;
  let sawFeatures = false;
  let type: unknown;
  let asm: Assembler | null = null;
  let skip: Assembler | null = null;
  let index = 0;
  try {
    for await (const tok of tokens as AsyncIterable<Token>) {
      if (asm) {
        asm.consume(tok as never);
        if (asm.done) {
          yield { index: index++, input: asm.current };
          asm = null;
        }
        continue;
      }
      if (skip) {
        skip.consume(tok as never);
        if (skip.done) {
          if (member === 'type') type = skip.current;
          skip = null;
          member = null;
        }
        continue;
      }
      if (depth === 0) {
        if (tok.name !== 'startObject') throw collectionError('the body must be a GeoJSON FeatureCollection object', 'not_an_object');
        depth = 1;
        continue;
      }
      if (depth === 1) {
        if (tok.name === 'keyValue') {
          key = tok.value ?? '';
          if (key === 'crs') {
            throw collectionError('the FeatureCollection has a "crs" member: GeoJSON (RFC 7946) coordinates are always WGS 84 longitude, latitude; reproject the data to EPSG:4326 and remove "crs"', 'crs_not_supported');
          }
          continue;
        }
        if (tok.name === 'endObject') {
          depth = 0;
          continue;
        }
        if (key === 'features') {
          if (tok.name !== 'startArray') throw collectionError('"features" must be an array of GeoJSON Features', 'features_not_an_array');
          sawFeatures = true;
          depth = 2;
          key = null;
          continue;
        }
        // Any other member: assemble (type) or skip its value whole.
        member = key;
        skip = new Assembler();
        skip.consume(tok as never);
        if (skip.done) {
          if (member === 'type') type = skip.current;
          skip = null;
          member = null;
        }
        continue;
      }
      // depth 2: inside "features"
      if (tok.name === 'endArray') {
        depth = 1;
        continue;
      }
      asm = new Assembler();
      asm.consume(tok as never);
      if (asm.done) {
        yield { index: index++, input: asm.current };
        asm = null;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw await malformed(file, err);
  } finally {
    tokens.destroy();
  }
  if (type !== 'FeatureCollection') {
    throw collectionError(`the body must be a GeoJSON FeatureCollection, its "type" is ${type === undefined ? 'missing' : JSON.stringify(type)}`, 'wrong_type');
  }
  if (!sawFeatures) throw collectionError('the FeatureCollection has no "features" array', 'missing_features');
}
