// Reference codes named per field, and the database's own refusals said the same way.
import { describe, expect, it } from 'vitest';
import { checkComponentCodes, referenceErrorOf } from '../../../server/components/references.ts';
import { checkCaseCodes } from '../../../server/cases/references.ts';

describe('reference codes', () => {
  const components = { classes: new Map([['0101', { owner: 'water_supply', maintainer: 'water_supply' }], ['0102', { owner: 'drainage', maintainer: 'drainage' }]]), departments: new Set(['water_supply', 'drainage']) };
  const cases = {
    channels: new Set(['wechat']),
    types: new Map([['01', { level: 1, complexity: null }], ['0101', { level: 2, complexity: null }], ['010101', { level: 3, complexity: null }], ['01010101', { level: 4, complexity: 'simple' as const }]]),
  };

  it('names unknown component classes and departments', () => {
    expect(checkComponentCodes(components, { class_code: '0101', owner_dept: 'drainage' })).toEqual([]);
    expect(checkComponentCodes(components, { class_code: '0199', maintainer_dept: 'x' })).toEqual([
      { field: 'properties.class_code', reason: 'unknown_code', message: 'class_code 0199 is not a component class; major class 01 has 0101..0102' },
      { field: 'properties.maintainer_dept', reason: 'unknown_code', message: 'maintainer_dept x is not a department code' },
    ]);
  });

  it('refuses case categories with a leaf to use instead', () => {
    expect(checkCaseCodes(cases, { channel: 'wechat', type_code: '01010101' })).toEqual([]);
    expect(checkCaseCodes(cases, { type_code: '010101' })[0]!.message).toBe('type_code 010101 is not a leaf case type (it is a level-3 category; use a level-4 type such as 01010101)');
    expect(checkCaseCodes(cases, { channel: 'fax', type_code: '02' }).map((p) => p.reason)).toEqual(['unknown_code', 'unknown_code']);
  });

  it('maps foreign-key and leaf-type refusals of the database to 422 with the field', () => {
    const fk = referenceErrorOf({ code: '23503', detail: 'Key (channel)=(fax) is not present in table "channels".' });
    expect(fk).toMatchObject({ status: 422, code: 'invalid_reference', message: 'channel fax is not in channels', details: { field: 'properties.channel' } });
    const leaf = referenceErrorOf({ code: '23514', message: 'case type 0101 is not a leaf type of the taxonomy' });
    expect(leaf).toMatchObject({ status: 422, details: { field: 'properties.type_code', reason: 'not_a_leaf' } });
    expect(referenceErrorOf({ code: '23505' })).toBeNull();
  });
});
