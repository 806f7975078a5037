// Schema validation of what comes from outside (server/http/validate.ts).
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { illFormedString, validate } from '../../../server/http/validate.ts';

const Body = Type.Object({ name: Type.String(), tags: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: false });

describe('validate', () => {
  // Found by the bad-input corpus (tests/reliability): a name with a lone surrogate
  // ("\ud800" in the JSON) was accepted and stored as U+FFFD.
  it('refuses text that is not valid Unicode (lone surrogates), naming where', () => {
    expect(illFormedString({ name: 'ok 网格 😀' }, '')).toBeNull();
    expect(illFormedString({ a: [{ b: 'x\ud800' }] }, '')).toBe('/a/0/b');
    expect(illFormedString({ ['k\udc00']: 1 }, '')).toBe('/k\udc00');
    const err = (() => {
      try {
        validate('body', Body, { name: 'ok', tags: ['fine', 'bad \ud800'] });
      } catch (e) {
        return e;
      }
      return null;
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^tags\.1 holds text that is not valid Unicode/);
    expect(err.details).toMatchObject({ problems: [{ in: 'body', path: '/tags/1' }] });
    expect(() => validate('query', Type.Object({ q: Type.String() }), { q: '\udfff' })).toThrow(/not valid Unicode/);
    expect(validate('body', Body, { name: 'paired 😀' })).toEqual({ name: 'paired 😀' });
  });
});
