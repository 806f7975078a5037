import { describe, expect, it } from 'vitest';
import { POOL_BUSY_CODE } from '../../server/db/types.ts';
import { AppError, toAppError } from '../../server/errors.ts';

describe('error mapping', () => {
  it.each([
    [{ code: '57014', message: 'canceling statement due to statement timeout' }, 503, 'statement_timeout'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 503, 'database_unavailable'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 503, 'database_unavailable'],
    [{ message: 'timeout exceeded when trying to connect' }, 503, 'database_unavailable'],
    [{ message: 'Client has encountered a connection error and is not queryable' }, 503, 'database_unavailable'],
    [{ code: POOL_BUSY_CODE, message: 'timeout exceeded when trying to connect' }, 503, 'database_busy'],
    [{ code: '23505', message: 'duplicate key', constraint: 'grids_code_key' }, 409, 'conflict'],
    [{ code: '23503', message: 'violates foreign key' }, 409, 'reference_conflict'],
    [{ code: '23514', message: 'violates check constraint' }, 422, 'constraint_violation'],
    [{ code: '42501', message: 'new row violates row-level security policy for table "cases"' }, 403, 'outside_scope'],
    [{ code: '42501', message: 'permission denied for table cases' }, 500, 'internal'],
    [{ code: '22P02', message: 'invalid input syntax for type integer' }, 400, 'invalid_value'],
    [{ status: 405, expose: true, message: 'Method Not Allowed' }, 405, 'method_not_allowed'],
    [{ status: 413, expose: true, message: 'request entity too large' }, 413, 'payload_too_large'],
    [new Error('something internal with a secret path /etc/x'), 500, 'internal'],
  ])('maps %o to %i %s', (err, status, code) => {
    const e = toAppError(err);
    expect(e).toBeInstanceOf(AppError);
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
    expect(e.message).not.toMatch(/secret|\/etc/);
  });

  it('passes typed errors through unchanged', () => {
    const e = new AppError(418, 'teapot', 'short and stout', { spout: true });
    expect(toAppError(e)).toBe(e);
  });
});
