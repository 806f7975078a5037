// What a client may send about a case: the properties of a new one (the API's POST
// and the bulk import share them) and of an edit of its registration data. Code,
// cell, grid, sub-grid, block, street, status and deadlines are derived, never sent;
// the loop (dispatch, handling, closing) has its own steps.
import { Type } from '@sinclair/typebox';

export const CASE_STATUSES = ['reported', 'verified', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'closed', 'evaluated', 'parked', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

const strict = { additionalProperties: false } as const;
const Code = (description: string) => Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description });
const TypeCode = Type.String({ pattern: '^([0-9]{2}){1,4}$', description: 'a leaf (level-4, 8-digit) case type code' });
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const Phone = Type.String({ pattern: '^[0-9+() -]{3,32}$', description: 'digits, spaces, +, -, ( and )' });
const ComponentId = Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'the component the case is about' });

export const CaseCreateProps = Type.Object(
  {
    channel: Code('the intake channel code, e.g. hotline_12345'),
    type_code: TypeCode,
    description: Text(2000, 'what is wrong, in the reporter\'s words'),
    address: Type.Optional(Text(300, 'a readable address or landmark')),
    reporter_name: Type.Optional(Text(100, 'who reported it')),
    reporter_phone: Type.Optional(Phone),
    reported_at: Type.Optional(Type.String({ format: 'date-time', description: 'when it was reported (ISO 8601 with a zone); now when not given' })),
    component_id: Type.Optional(ComponentId),
  },
  strict,
);

export const CaseUpdateProps = Type.Object(
  {
    channel: Type.Optional(Code('the intake channel code')),
    type_code: Type.Optional(TypeCode),
    description: Type.Optional(Text(2000, 'what is wrong')),
    address: Type.Optional(Type.Union([Text(300, 'a readable address'), Type.Null()])),
    reporter_name: Type.Optional(Type.Union([Text(100, 'who reported it'), Type.Null()])),
    reporter_phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    component_id: Type.Optional(Type.Union([ComponentId, Type.Null()])),
  },
  strict,
);

export interface CaseCreate {
  channel: string;
  type_code: string;
  description: string;
  address?: string;
  reporter_name?: string;
  reporter_phone?: string;
  reported_at?: string;
  component_id?: number;
}

export interface CaseUpdate {
  channel?: string;
  type_code?: string;
  description?: string;
  address?: string | null;
  reporter_name?: string | null;
  reporter_phone?: string | null;
  component_id?: number | null;
}
