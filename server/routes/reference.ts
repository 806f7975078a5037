// Reference data the screens and outside systems name things by: departments,
// intake channels, the case type taxonomy (with each leaf's route, owning seat,
// department, complexity and the deadline rule it takes), component classes and seat
// kinds; and the data the deadlines are computed from: the working-day calendar and
// the deadline rules, which an admin edits.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';

const strict = { additionalProperties: false } as const;

const LISTS: Record<string, { summary: string; sql: string }> = {
  departments: {
    summary: 'Departments and units cases are dispatched to and components belong to',
    sql: `select coalesce(json_agg(json_build_object('code', code, 'name_zh', name_zh, 'name_en', name_en, 'kind', kind) order by kind, code), '[]')::text as body from departments`,
  },
  channels: {
    summary: 'Intake channels',
    sql: `select coalesce(json_agg(json_build_object('code', code, 'name_zh', name_zh, 'name_en', name_en, 'kind', kind) order by sort), '[]')::text as body from channels`,
  },
  'case-types': {
    summary: 'The four-level case type taxonomy; leaves carry their default route, owning seat, department, complexity and deadline rule',
    sql: `select coalesce(json_agg(json_build_object('code', t.code, 'parent_code', t.parent_code, 'level', t.level, 'name_zh', t.name_zh, 'name_en', t.name_en,
              'default_route', t.default_route, 'seat_kind', t.seat_kind, 'department', t.department, 'complexity', t.complexity,
              'deadline_rule', (select json_build_object('respond_minutes', r.respond_minutes, 'progress_days', r.progress_days,
                                  'handle', r.handle_amount || ' ' || r.handle_unit, 'close', r.close_amount || ' ' || r.close_unit,
                                  'from', coalesce(r.type_prefix, 'complexity:' || r.complexity))
                                  from deadline_rules r
                                 where t.level = 4 and (starts_with(t.code, r.type_prefix) or r.complexity = t.complexity)
                                 order by length(r.type_prefix) desc nulls last limit 1))
            order by t.code), '[]')::text as body from case_types t`,
  },
  'component-classes': {
    summary: 'Component classes (major and minor) with owner, maintainer and watching seat',
    sql: `select coalesce(json_agg(json_build_object('code', c.code, 'major', c.major, 'major_name_zh', m.name_zh, 'major_name_en', m.name_en,
              'name_zh', c.name_zh, 'name_en', c.name_en, 'owner_dept', c.owner_dept, 'maintainer_dept', c.maintainer_dept, 'seat_kind', c.seat_kind)
            order by c.code), '[]')::text as body from component_classes c join component_majors m on m.code = c.major`,
  },
  'seat-kinds': {
    summary: 'Seats of a grid team (chief, coordinators, specialists, participants)',
    sql: `select coalesce(json_agg(json_build_object('code', code, 'seat_group', seat_group, 'name_zh', name_zh, 'name_en', name_en) order by sort), '[]')::text as body from seat_kinds`,
  },
};

const Day = Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }) }, strict);
const Prefix = Type.Object({ prefix: Type.String({ pattern: '^([0-9]{2}){1,4}$', description: 'a case type or category code' }) }, strict);
const Units = ['hours', 'working_days'] as const;

const RuleBody = Type.Object(
  {
    respond_minutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
    progress_days: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 60 }), Type.Null()])),
    handle_amount: Type.Integer({ minimum: 1, maximum: 10_000 }),
    handle_unit: StringEnum(Units),
    close_amount: Type.Integer({ minimum: 1, maximum: 10_000 }),
    close_unit: StringEnum(Units),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  strict,
);

const RULES_SQL = `select coalesce(json_agg(json_build_object('complexity', complexity, 'type_prefix', type_prefix, 'respond_minutes', respond_minutes,
    'progress_days', progress_days, 'handle_amount', handle_amount, 'handle_unit', handle_unit, 'close_amount', close_amount,
    'close_unit', close_unit, 'note', note) order by complexity nulls last, type_prefix), '[]')::text as body from deadline_rules`;

function checkDay(day: string): void {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) throw new AppError(400, 'invalid_params', `day ${day} is not a calendar date`);
}

export function referenceRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    ...Object.entries(LISTS).map(([name, l]): RouteSpec => ({
      method: 'get',
      path: `/api/reference/${name}`,
      summary: l.summary,
      tags: ['reference'],
      roles: 'anyone',
      async handler({ ctx, tx }) {
        ctx.type = 'application/json';
        ctx.body = (await tx.query<{ body: string }>(l.sql)).rows[0]!.body;
      },
    })),
    {
      method: 'get',
      path: '/api/calendar',
      summary: 'The working-day calendar\'s exceptions: public holidays on weekdays and make-up working days on weekends (China Standard Time)',
      tags: ['reference'],
      roles: 'anyone',
      query: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, strict),
      async handler({ ctx, tx, query }) {
        const r = await tx.query<{ body: string }>(
          `select coalesce(json_agg(json_build_object('day', to_char(day, 'YYYY-MM-DD'), 'kind', kind, 'name', name) order by day), '[]')::text as body
             from calendar_days where $1::int is null or extract(year from day) = $1`,
          [(query as { year?: number }).year ?? null],
        );
        ctx.type = 'application/json';
        ctx.body = r.rows[0]!.body;
      },
    },
    {
      method: 'put',
      path: '/api/calendar/:day',
      summary: 'Set a day as a public holiday or a make-up working day (admin)',
      tags: ['reference'],
      roles: ['admin'],
      params: Day,
      body: Type.Object({ kind: StringEnum(['holiday', 'workday'] as const), name: Type.String({ minLength: 1, maxLength: 100 }) }, strict),
      async handler({ ctx, tx, params, body, changed }) {
        const { day } = params as { day: string };
        checkDay(day);
        const b = body as { kind: string; name: string };
        await tx.query('insert into calendar_days (day, kind, name) values ($1, $2, $3) on conflict (day) do update set kind = $2, name = $3', [day, b.kind, b.name]);
        changed('calendar_days');
        ctx.body = { day, ...b };
      },
    },
    {
      method: 'delete',
      path: '/api/calendar/:day',
      summary: 'Make a day ordinary again (admin)',
      tags: ['reference'],
      roles: ['admin'],
      params: Day,
      async handler({ ctx, tx, params, changed }) {
        const { day } = params as { day: string };
        checkDay(day);
        const r = await tx.query('delete from calendar_days where day = $1', [day]);
        if (!r.rowCount) throw notFound(`${day} is an ordinary day already`);
        changed('calendar_days');
        ctx.status = 204;
      },
    },
    {
      method: 'get',
      path: '/api/deadline-rules',
      summary: 'Deadline rules: the defaults by complexity and the overrides by case type or category (the longest prefix wins)',
      tags: ['reference'],
      roles: 'anyone',
      async handler({ ctx, tx }) {
        ctx.type = 'application/json';
        ctx.body = (await tx.query<{ body: string }>(RULES_SQL)).rows[0]!.body;
      },
    },
    {
      method: 'put',
      path: '/api/deadline-rules/:prefix',
      summary: 'Set the deadline rule of a case type or category (admin); applies to cases registered from now on',
      tags: ['reference'],
      roles: ['admin'],
      params: Prefix,
      body: RuleBody,
      async handler({ ctx, tx, params, body, changed }) {
        const { prefix } = params as { prefix: string };
        const b = body as { respond_minutes: number; progress_days?: number | null; handle_amount: number; handle_unit: string; close_amount: number; close_unit: string; note?: string };
        const t = await tx.query('select 1 from case_types where code = $1', [prefix]);
        if (!t.rows.length) throw new AppError(422, 'unknown_code', `${prefix} is not a case type or category code`);
        await tx.query(
          `insert into deadline_rules (type_prefix, respond_minutes, progress_days, handle_amount, handle_unit, close_amount, close_unit, note)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict (type_prefix) where type_prefix is not null do update
              set respond_minutes = $2, progress_days = $3, handle_amount = $4, handle_unit = $5, close_amount = $6, close_unit = $7, note = $8`,
          [prefix, b.respond_minutes, b.progress_days ?? null, b.handle_amount, b.handle_unit, b.close_amount, b.close_unit, b.note ?? null],
        );
        changed('deadline_rules');
        ctx.body = { type_prefix: prefix, ...b };
      },
    },
    {
      method: 'delete',
      path: '/api/deadline-rules/:prefix',
      summary: 'Drop the override of a case type or category (admin): its cases take the complexity default again',
      tags: ['reference'],
      roles: ['admin'],
      params: Prefix,
      async handler({ ctx, tx, params, changed }) {
        const r = await tx.query('delete from deadline_rules where type_prefix = $1', [(params as { prefix: string }).prefix]);
        if (!r.rowCount) throw notFound(`no deadline rule for ${(params as { prefix: string }).prefix}`);
        changed('deadline_rules');
        ctx.status = 204;
      },
    },
  ];
}
