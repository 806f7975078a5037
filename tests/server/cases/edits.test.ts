// The event an edit of a case writes: old and new values of what changed, the reporter's
// contact data only said to have changed, a move with its old and new units.
import { describe, expect, it } from 'vitest';
import { editChanges } from '../../../server/cases/edits.ts';

const before = {
  lon: 121.47, lat: 31.23, grid_id: 3, subgrid_id: 12, block_id: 40,
  channel: 'hotline', type_code: '01010101', description: '垃圾暴露', address: '长乐路 1 号',
  reporter_name: '张三', reporter_phone: '13800000000', component_id: '1234',
};

describe('editChanges', () => {
  it('records changed fields with their values, and nothing for fields given unchanged', () => {
    expect(editChanges(before, { address: '长乐路 3 号', type_code: '01010101', component_id: 1234 }, null)).toEqual({
      fields: { address: { from: '长乐路 1 号', to: '长乐路 3 号' } },
    });
    expect(editChanges(before, { component_id: null }, null)).toEqual({ fields: { component_id: { from: '1234', to: null } } });
    expect(editChanges({ ...before, address: null }, { address: '新地址' }, null)).toEqual({ fields: { address: { from: null, to: '新地址' } } });
  });

  it('says the reporter\'s name and phone changed without their values', () => {
    const d = editChanges(before, { reporter_phone: null, reporter_name: '李四' }, null);
    expect(d).toEqual({ fields: { reporter_phone: {}, reporter_name: {} } });
    expect(JSON.stringify(d)).not.toMatch(/138|张三|李四/);
  });

  it('records a move with the old and new point and units', () => {
    const to = { lon: 121.48, lat: 31.24, grid_id: 5, subgrid_id: 20, block_id: null };
    expect(editChanges(before, {}, to)).toEqual({
      fields: {},
      moved: { from: { lon: 121.47, lat: 31.23, grid_id: 3, subgrid_id: 12, block_id: 40 }, to },
    });
    expect(editChanges(before, {}, { lon: 121.47, lat: 31.23, grid_id: 3, subgrid_id: 12, block_id: 40 })).toBeNull();
  });

  it('is null when nothing changed', () => {
    expect(editChanges(before, {}, null)).toBeNull();
    expect(editChanges(before, { channel: 'hotline', reporter_phone: '13800000000' }, null)).toBeNull();
  });
});
