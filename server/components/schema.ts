// What a client may send about a component: the properties of a new one (the API's
// POST and the bulk import share them) and of an edit. The code, H3 cell, grid,
// sub-grid and block are derived from the point, never sent.
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../http/validate.ts';

export const COMPONENT_STATUSES = ['intact', 'damaged', 'missing', 'occupied'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

const strict = { additionalProperties: false } as const;
const Dept = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'a department code (see /api/reference)' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone' });

export const ComponentCreateProps = Type.Object(
  {
    class_code: Type.String({ pattern: '^[0-9]{4}$', description: 'a component class code (major 2 + minor 2 digits), e.g. 0101' }),
    status: Type.Optional(StringEnum(COMPONENT_STATUSES, { description: 'intact (default), damaged, missing or occupied' })),
    owner_dept: Type.Optional({ ...Dept, description: "owning department; the class's owner when not given" }),
    maintainer_dept: Type.Optional({ ...Dept, description: "maintaining department; the class's maintainer when not given" }),
    installed_on: Type.Optional(Day),
    checked_at: Type.Optional(Instant),
  },
  strict,
);

export const ComponentUpdateProps = Type.Object(
  {
    status: Type.Optional(StringEnum(COMPONENT_STATUSES)),
    owner_dept: Type.Optional(Dept),
    maintainer_dept: Type.Optional(Dept),
    installed_on: Type.Optional(Type.Union([Day, Type.Null()])),
    checked_at: Type.Optional(Type.Union([Instant, Type.Null()])),
  },
  strict,
);

export interface ComponentCreate {
  class_code: string;
  status?: ComponentStatus;
  owner_dept?: string;
  maintainer_dept?: string;
  installed_on?: string;
  checked_at?: string;
}

export type ComponentUpdate = Partial<Omit<ComponentCreate, 'class_code' | 'installed_on' | 'checked_at'>> & {
  installed_on?: string | null;
  checked_at?: string | null;
};
