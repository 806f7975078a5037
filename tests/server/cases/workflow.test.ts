// The case loop's state machine: every action from every status by every role,
// against a table written out by hand here (not derived from the machine), and what
// each step writes.
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../server/auth/principal.ts';
import type { DeadlineRule } from '../../../server/cases/deadlines.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../server/cases/schema.ts';
import { CASE_ACTIONS, openSteps, planTransition, type CaseAction, type CaseSnapshot, type TransitionInput } from '../../../server/cases/workflow.ts';
import { AppError } from '../../../server/errors.ts';

const H = 3_600_000;
const NOW = Date.parse('2026-06-05T10:00:00+08:00'); // a Friday
const RULE: DeadlineRule = { respondMinutes: 30, progressDays: 3, handle: { amount: 24, unit: 'hours' }, close: { amount: 5, unit: 'working_days' } };

const base = (status: CaseStatus, extra: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  status, route: ['reported', 'verified'].includes(status) ? null : 'dispatch', typeRoute: 'dispatch', typeDepartment: 'sanitation',
  department: status === 'dispatched' ? 'sanitation' : null, parkedFrom: status === 'parked' ? 'dispatched' : null, pendingExtension: null,
  respondedAt: status === 'reported' ? null : NOW - 2 * H, registeredAt: ['reported', 'verified', 'cancelled'].includes(status) ? null : NOW - H,
  handleDue: NOW + 23 * H, closeDue: NOW + 100 * H, progressedAt: null, reworkCount: 0, extensionCount: 0, ...extra,
});

// The steps open from each status on a dispatch-route case with no extension pending, and the status each leads to.
const OPEN: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  reported: { verify: 'verified', cancel: 'cancelled' },
  verified: { cancel: 'cancelled', register: 'registered' },
  registered: { dispatch: 'dispatched', progress: 'registered', park: 'parked', request_extension: 'registered' },
  dispatched: { send_back: 'registered', start: 'handling', progress: 'dispatched', park: 'parked', request_extension: 'dispatched' },
  handling: { progress: 'handling', feedback: 'handled', park: 'parked', request_extension: 'handling' },
  handled: { check: 'checked', rework: 'handling' },
  checked: { rework: 'handling', close: 'closed' },
  closed: { evaluate: 'evaluated' },
  evaluated: {},
  parked: { unpark: 'dispatched' },
  cancelled: {},
};

const CENTRE = ['admin', 'officer'];
const FIELD = ['admin', 'officer', 'grid_chief'];
const MAY: Record<CaseAction, string[]> = {
  verify: FIELD, cancel: CENTRE, register: CENTRE, dispatch: FIELD, send_back: FIELD, start: FIELD, progress: FIELD, feedback: FIELD,
  self_handle: FIELD, check: CENTRE, rework: CENTRE, close: CENTRE, evaluate: CENTRE, park: CENTRE, unpark: CENTRE,
  request_extension: FIELD, approve_extension: CENTRE, reject_extension: CENTRE,
};

/** What each action needs besides its status, so that a legal step goes through. */
const INPUT: Partial<Record<CaseAction, Partial<TransitionInput>>> = {
  cancel: { note: '重复报告' }, send_back: { note: '不属本单位职责' }, progress: { note: '已勘查' }, rework: { note: '未清理干净' },
  evaluate: { satisfaction: 4 }, park: { note: '历史遗留' }, request_extension: { note: '需协调产权单位', close_due: NOW + 200 * H },
  reject_extension: { note: '理由不足' },
};

const ctx = (role: Role) => ({ role, now: NOW, rule: RULE, calendar: {} });

function outcome(c: CaseSnapshot, action: CaseAction, role: Role): CaseStatus | number {
  try {
    return planTransition(c, { action, ...INPUT[action] }, ctx(role)).to;
  } catch (err) {
    if (err instanceof AppError) return err.status;
    throw err;
  }
}

describe('case workflow', () => {
  it('takes every open step for the roles that may, refuses the others with 403, and every closed step with 409', () => {
    let checked = 0;
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        for (const role of ROLES) {
          const to = OPEN[status][action];
          const expected = to === undefined ? 409 : MAY[action].includes(role) ? to : 403;
          expect(outcome(base(status), action, role), `${action} from ${status} as ${role}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBe(CASE_STATUSES.length * CASE_ACTIONS.length * ROLES.length);
  });

  it('names the next steps, with who may take them, when it refuses a step', () => {
    try {
      planTransition(base('handling'), { action: 'close' }, ctx('officer'));
      expect.unreachable();
    } catch (err) {
      const e = err as AppError;
      expect(e.status).toBe(409);
      expect(e.message).toMatch(/cannot close this case: it is handling; the next steps from handling are progress, feedback, park, request_extension/);
      expect((e.details as { allowed: { action: string; roles: string[] }[] }).allowed.map((s) => s.action)).toEqual(['progress', 'feedback', 'park', 'request_extension']);
    }
    expect(openSteps(base('evaluated'))).toEqual([]);
    expect(openSteps(base('handled'), 'grid_chief')).toEqual([]);
  });

  it('opens self-handling on the spot only for self-route cases, and starts a registered self-route case without dispatch', () => {
    const self = (status: CaseStatus) => base(status, { typeRoute: 'self', route: ['reported', 'verified'].includes(status) ? null : 'self' });
    for (const s of ['reported', 'verified', 'registered'] as const) expect(outcome(self(s), 'self_handle', 'grid_chief')).toBe('handled');
    expect(outcome(base('reported'), 'self_handle', 'grid_chief')).toBe(409);
    expect(outcome(self('registered'), 'start', 'grid_chief')).toBe('handling');
    expect(outcome(base('registered'), 'start', 'grid_chief')).toBe(409);
    const plan = planTransition(self('reported'), { action: 'self_handle' }, ctx('grid_chief'));
    expect(plan.patch).toMatchObject({ responded_at: NOW, registered_at: NOW, route: 'self', handled_at: NOW, handle_due: NOW + 24 * H, progress_due: Date.parse('2026-06-10T10:00:00+08:00') });
  });

  it('registers with deadlines from the rule, on the type\'s route unless told another', () => {
    const plan = planTransition(base('verified'), { action: 'register' }, ctx('officer'));
    expect(plan.patch).toEqual({
      registered_at: NOW, route: 'dispatch', handle_due: NOW + 24 * H,
      close_due: Date.parse('2026-06-12T10:00:00+08:00'), progress_due: Date.parse('2026-06-10T10:00:00+08:00'),
    });
    expect(planTransition(base('verified'), { action: 'register', route: 'enforcement' }, ctx('officer')).patch.route).toBe('enforcement');
    expect(planTransition(base('reported'), { action: 'verify' }, ctx('officer')).patch).toEqual({ responded_at: NOW });
  });

  it('dispatches to the type\'s department, or enforcement to the squadron, and sends a wrong dispatch back', () => {
    expect(planTransition(base('registered'), { action: 'dispatch' }, ctx('officer')).patch).toEqual({ route: 'dispatch', department: 'sanitation' });
    expect(planTransition(base('registered'), { action: 'dispatch', route: 'enforcement' }, ctx('officer')).patch).toEqual({ route: 'enforcement', department: 'enforcement_squadron' });
    expect(planTransition(base('registered'), { action: 'dispatch', department: 'housing' }, ctx('grid_chief')).patch.department).toBe('housing');
    expect(() => planTransition(base('registered'), { action: 'dispatch', route: 'self' }, ctx('officer'))).toThrow(/self-handled cases are started/);
    expect(planTransition(base('dispatched'), { action: 'send_back', note: '不属本单位' }, ctx('grid_chief'))).toMatchObject({ to: 'registered', patch: { department: null } });
  });

  it('counts rework and clears the handling time until the work is fed back again', () => {
    const plan = planTransition(base('checked', { reworkCount: 1 }), { action: 'rework', note: '复查未通过' }, ctx('officer'));
    expect(plan).toMatchObject({ to: 'handling', patch: { rework_count: 2, handled_at: null } });
    expect(planTransition(base('handling'), { action: 'feedback' }, ctx('grid_chief')).patch).toEqual({ handled_at: NOW });
  });

  it('parks a case and takes it up again where it was', () => {
    for (const from of ['registered', 'dispatched', 'handling'] as const) {
      const parked = planTransition(base(from), { action: 'park', note: '历史遗留' }, ctx('officer'));
      expect(parked).toMatchObject({ to: 'parked', patch: { parked_from: from } });
      expect(planTransition(base('parked', { parkedFrom: from }), { action: 'unpark' }, ctx('officer')).to).toBe(from);
    }
  });

  it('extends deadlines only through an approved request, one request at a time', () => {
    const request = planTransition(base('handling'), { action: 'request_extension', note: '需协调', close_due: NOW + 200 * H, handle_due: NOW + 150 * H }, ctx('grid_chief'));
    expect(request).toMatchObject({ to: 'handling', extension: 'request', patch: {} });
    const pending = base('handling', { pendingExtension: { handleDue: NOW + 150 * H, closeDue: NOW + 200 * H }, extensionCount: 1 });
    expect(outcome(pending, 'request_extension', 'grid_chief')).toBe(409);
    expect(outcome(base('handling'), 'approve_extension', 'officer')).toBe(409);
    expect(outcome(pending, 'approve_extension', 'grid_chief')).toBe(403);
    expect(planTransition(pending, { action: 'approve_extension' }, ctx('officer'))).toMatchObject({
      extension: 'approve', patch: { handle_due: NOW + 150 * H, close_due: NOW + 200 * H, extension_count: 2 },
    });
    expect(planTransition(pending, { action: 'reject_extension', note: '理由不足' }, ctx('officer'))).toMatchObject({ extension: 'reject', patch: {} });
    expect(() => planTransition(base('handling'), { action: 'request_extension', note: 'x', close_due: NOW + 10 * H }, ctx('officer'))).toThrow(/close_due: must be later/);
    expect(() => planTransition(base('handling'), { action: 'request_extension', note: 'x' }, ctx('officer'))).toThrow(/give the new close_due/);
  });

  it('refuses steps without what they need, and details that belong to other steps', () => {
    const status = (fn: () => unknown) => {
      try {
        fn();
        return 0;
      } catch (err) {
        return (err as AppError).status;
      }
    };
    expect(status(() => planTransition(base('reported'), { action: 'cancel' }, ctx('officer')))).toBe(422);
    expect(status(() => planTransition(base('reported'), { action: 'cancel', note: '   ' }, ctx('officer')))).toBe(422);
    expect(status(() => planTransition(base('closed'), { action: 'evaluate' }, ctx('officer')))).toBe(422);
    expect(status(() => planTransition(base('closed'), { action: 'evaluate', satisfaction: 6 }, ctx('officer')))).toBe(422);
    expect(status(() => planTransition(base('handled'), { action: 'check', satisfaction: 5 }, ctx('officer')))).toBe(422);
    expect(status(() => planTransition(base('handling'), { action: 'feedback', route: 'self' }, ctx('officer')))).toBe(422);
    expect(status(() => planTransition(base('registered'), { action: 'park', department: 'housing', note: 'x' }, ctx('officer')))).toBe(422);
    expect(planTransition(base('closed'), { action: 'evaluate', satisfaction: 5 }, ctx('officer')).patch).toEqual({ satisfaction: 5 });
  });
});
