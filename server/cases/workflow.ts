// The case loop as a pure state machine: report → verify → register (立案) or cancel →
// dispatch → handle → feed back → check → close → evaluate, with the side paths park
// (挂账) and take up again, request / approve / reject a deadline extension (延期), send
// a wrong dispatch back (回退), send handled work back for rework (返工), report
// progress, and self-handle on the spot (自行处置). Each step names the statuses it
// leaves from, the roles that may take it and what else it needs; `planTransition`
// answers the new status and the columns to write, or refuses with the steps that
// are open. No I/O: server/cases/transitions.ts applies the plan.
import type { Role } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import type { WorkCalendar } from './calendar.ts';
import { workDeadlines, type DeadlineRule } from './deadlines.ts';
import type { CaseStatus } from './schema.ts';

export const CASE_ROUTES = ['self', 'dispatch', 'enforcement'] as const;
export type CaseRoute = (typeof CASE_ROUTES)[number];

export const CASE_ACTIONS = [
  'verify', 'cancel', 'register', 'dispatch', 'send_back', 'start', 'progress', 'feedback', 'self_handle',
  'check', 'rework', 'close', 'evaluate', 'park', 'unpark', 'request_extension', 'approve_extension', 'reject_extension',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What the machine needs to know about a case. Times are epoch ms. */
export interface CaseSnapshot {
  status: CaseStatus;
  route: CaseRoute | null;
  /** The case type's default route and department. */
  typeRoute: CaseRoute;
  typeDepartment: string;
  department: string | null;
  parkedFrom: 'registered' | 'dispatched' | 'handling' | null;
  /** The pending extension request's deadlines, if one waits for a decision. */
  pendingExtension: { handleDue: number; closeDue: number } | null;
  respondedAt: number | null;
  registeredAt: number | null;
  handleDue: number | null;
  closeDue: number | null;
  progressedAt: number | null;
  reworkCount: number;
  extensionCount: number;
}

export interface TransitionInput {
  action: CaseAction;
  note?: string;
  photo_url?: string;
  route?: CaseRoute;
  department?: string;
  satisfaction?: number;
  /** Extension requests: the new deadlines asked for (epoch ms). */
  handle_due?: number;
  close_due?: number;
}

export interface TransitionContext {
  role: Role;
  now: number;
  /** The case type's deadline rule and the working-day calendar (registration sets deadlines). */
  rule: DeadlineRule;
  calendar: WorkCalendar;
}

/** Columns of `cases` a step writes (epoch ms for times; null clears). */
export interface CasePatch {
  responded_at?: number;
  registered_at?: number;
  handled_at?: number | null;
  closed_at?: number;
  handle_due?: number;
  close_due?: number;
  progress_due?: number | null;
  progressed_at?: number;
  route?: CaseRoute;
  department?: string | null;
  satisfaction?: number;
  rework_count?: number;
  extension_count?: number;
  parked_from?: 'registered' | 'dispatched' | 'handling' | null;
}

export interface TransitionPlan {
  from: CaseStatus;
  to: CaseStatus;
  patch: CasePatch;
  /** What the step does to the case's extension request. */
  extension: 'request' | 'approve' | 'reject' | null;
  /** Step details kept with the event (route, department, rating, deadlines). */
  data: Record<string, unknown> | null;
}

type Need = 'note' | 'satisfaction' | 'due';

interface Step {
  from: readonly CaseStatus[];
  /** The status after the step: a status, the same one, or where a parked case came from. */
  to: CaseStatus | 'same' | 'parked_from';
  roles: readonly Role[];
  needs?: readonly Need[];
  /** Why the step is closed for this case although its status allows it, or null. */
  guard?(c: CaseSnapshot): string | null;
}

/** The command centre's work (registering, checking, closing, approving); officers hold it. */
const CENTRE: readonly Role[] = ['admin', 'officer'];
/** Work in the field and in the grid: grid chiefs too (in their own grids, by row-level security). */
const FIELD: readonly Role[] = ['admin', 'officer', 'grid_chief'];
const WORKING: readonly CaseStatus[] = ['registered', 'dispatched', 'handling'];

const STEPS: Record<CaseAction, Step> = {
  verify: { from: ['reported'], to: 'verified', roles: FIELD },
  cancel: { from: ['reported', 'verified'], to: 'cancelled', roles: CENTRE, needs: ['note'] },
  register: { from: ['verified'], to: 'registered', roles: CENTRE },
  dispatch: { from: ['registered'], to: 'dispatched', roles: FIELD },
  send_back: { from: ['dispatched'], to: 'registered', roles: FIELD, needs: ['note'] },
  start: {
    from: ['registered', 'dispatched'], to: 'handling', roles: FIELD,
    guard: (c) => (c.status === 'registered' && c.route !== 'self' ? `a case on the ${c.route} route is dispatched before handling starts` : null),
  },
  progress: { from: WORKING, to: 'same', roles: FIELD, needs: ['note'] },
  feedback: { from: ['handling'], to: 'handled', roles: FIELD },
  self_handle: {
    from: ['reported', 'verified', 'registered'], to: 'handled', roles: FIELD,
    guard: (c) => ((c.route ?? c.typeRoute) === 'self' ? null : `this case type goes the ${c.route ?? c.typeRoute} route, not self-handling on the spot`),
  },
  check: { from: ['handled'], to: 'checked', roles: CENTRE },
  rework: { from: ['handled', 'checked'], to: 'handling', roles: CENTRE, needs: ['note'] },
  close: { from: ['checked'], to: 'closed', roles: CENTRE },
  evaluate: { from: ['closed'], to: 'evaluated', roles: CENTRE, needs: ['satisfaction'] },
  park: { from: WORKING, to: 'parked', roles: CENTRE, needs: ['note'] },
  unpark: { from: ['parked'], to: 'parked_from', roles: CENTRE },
  request_extension: {
    from: WORKING, to: 'same', roles: FIELD, needs: ['note', 'due'],
    guard: (c) => (c.pendingExtension ? 'an extension request already waits for a decision' : null),
  },
  approve_extension: {
    from: [...WORKING, 'handled', 'checked', 'parked'], to: 'same', roles: CENTRE,
    guard: (c) => (c.pendingExtension ? null : 'no extension request waits for a decision'),
  },
  reject_extension: {
    from: [...WORKING, 'handled', 'checked', 'parked'], to: 'same', roles: CENTRE, needs: ['note'],
    guard: (c) => (c.pendingExtension ? null : 'no extension request waits for a decision'),
  },
};

export interface OpenStep {
  action: CaseAction;
  to: CaseStatus;
  roles: readonly Role[];
}

function target(step: Step, c: CaseSnapshot): CaseStatus {
  if (step.to === 'same') return c.status;
  if (step.to === 'parked_from') return c.parkedFrom ?? 'registered';
  return step.to;
}

/** The steps open from the case's status (for any role, or for `role` only). */
export function openSteps(c: CaseSnapshot, role?: Role): OpenStep[] {
  return CASE_ACTIONS.flatMap((action) => {
    const step = STEPS[action];
    if (!step.from.includes(c.status) || step.guard?.(c)) return [];
    if (role && !step.roles.includes(role)) return [];
    return [{ action, to: target(step, c), roles: step.roles }];
  });
}

/** Which roles may take a step (for documentation and the access tests). */
export const stepRoles = (action: CaseAction): readonly Role[] => STEPS[action].roles;

function refuse(c: CaseSnapshot, action: CaseAction, why: string): never {
  const open = openSteps(c);
  throw new AppError(409, 'illegal_transition', `cannot ${action.replace('_', ' ')} this case: ${why}; the next steps from ${c.status} are ${open.map((s) => s.action).join(', ') || 'none (the case is finished)'}`, {
    status: c.status, action, allowed: open,
  });
}

const invalid = (field: string, message: string) =>
  new AppError(422, 'invalid_transition_input', `${field}: ${message}`, { problems: [{ in: 'body', path: `/${field}`, message }] });

/** The new status and the columns a step writes; throws 403, 409 or 422 with the reason. */
export function planTransition(c: CaseSnapshot, input: TransitionInput, ctx: TransitionContext): TransitionPlan {
  const { action } = input;
  const step = STEPS[action];
  if (!step.from.includes(c.status)) refuse(c, action, `it is ${c.status}`);
  const closed = step.guard?.(c);
  if (closed) refuse(c, action, closed);
  if (!step.roles.includes(ctx.role)) {
    throw new AppError(403, 'forbidden', `the ${ctx.role} role may not ${action.replace('_', ' ')} a case; ${step.roles.join(', ')} may`, {
      action, allowed: step.roles,
    });
  }
  const needs = step.needs ?? [];
  if (needs.includes('note') && !input.note?.trim()) throw invalid('note', `say why (${action} needs a note)`);
  if (needs.includes('satisfaction') && input.satisfaction === undefined) throw invalid('satisfaction', 'give the resident\'s rating, 1 to 5');
  if (input.satisfaction !== undefined && action !== 'evaluate') throw invalid('satisfaction', 'only evaluate takes a rating');
  if ((input.handle_due !== undefined || input.close_due !== undefined) && action !== 'request_extension') {
    throw invalid('close_due', 'only request_extension takes new deadlines');
  }
  if (input.route !== undefined && !['register', 'dispatch'].includes(action)) throw invalid('route', 'only register and dispatch choose a route');
  if (input.department !== undefined && action !== 'dispatch') throw invalid('department', 'only dispatch names a department');

  const { now } = ctx;
  const patch: CasePatch = {};
  let data: Record<string, unknown> | null = null;
  let extension: TransitionPlan['extension'] = null;
  const respond = () => {
    if (c.respondedAt === null) patch.responded_at = now;
  };
  const register = (route: CaseRoute) => {
    const due = workDeadlines(now, ctx.rule, ctx.calendar);
    Object.assign(patch, { registered_at: now, route, handle_due: due.handleDue, close_due: due.closeDue, progress_due: due.progressDue });
  };

  switch (action) {
    case 'verify':
    case 'cancel':
      respond();
      break;
    case 'register': {
      const route = input.route ?? c.typeRoute;
      respond();
      register(route);
      data = { route };
      break;
    }
    case 'dispatch': {
      const route = input.route ?? (c.route === 'self' || c.route === null ? (c.typeRoute === 'self' ? 'dispatch' : c.typeRoute) : c.route);
      if (route === 'self') throw invalid('route', 'a dispatch goes the dispatch or the enforcement route; self-handled cases are started, not dispatched');
      const department = input.department ?? (route === 'enforcement' && c.typeRoute !== 'enforcement' ? 'enforcement_squadron' : c.typeDepartment);
      Object.assign(patch, { route, department });
      data = { route, department };
      break;
    }
    case 'send_back':
      patch.department = null;
      data = { department: c.department };
      break;
    case 'progress':
      if (c.progressedAt === null) patch.progressed_at = now;
      break;
    case 'feedback':
      patch.handled_at = now;
      break;
    case 'self_handle':
      respond();
      if (c.registeredAt === null) register('self');
      else patch.route = 'self';
      patch.handled_at = now;
      break;
    case 'rework':
      Object.assign(patch, { rework_count: c.reworkCount + 1, handled_at: null });
      break;
    case 'close':
      patch.closed_at = now;
      break;
    case 'evaluate':
      if (!Number.isInteger(input.satisfaction) || input.satisfaction! < 1 || input.satisfaction! > 5) throw invalid('satisfaction', 'must be a whole number from 1 to 5');
      patch.satisfaction = input.satisfaction!;
      data = { satisfaction: input.satisfaction };
      break;
    case 'park':
      patch.parked_from = c.status as 'registered' | 'dispatched' | 'handling';
      break;
    case 'unpark':
      patch.parked_from = null;
      break;
    case 'request_extension': {
      if (input.handle_due === undefined && input.close_due === undefined) throw invalid('close_due', 'give the new close_due and/or handle_due asked for');
      const handleDue = input.handle_due ?? c.handleDue!;
      const closeDue = input.close_due ?? Math.max(c.closeDue!, handleDue);
      if (input.handle_due !== undefined && handleDue <= c.handleDue!) throw invalid('handle_due', `must be later than the current deadline ${new Date(c.handleDue!).toISOString()}`);
      if (input.close_due !== undefined && closeDue <= c.closeDue!) throw invalid('close_due', `must be later than the current deadline ${new Date(c.closeDue!).toISOString()}`);
      if (closeDue < handleDue) throw invalid('close_due', 'cannot be before handle_due');
      if (closeDue <= now) throw invalid('close_due', 'must lie in the future');
      extension = 'request';
      data = { handle_due: new Date(handleDue).toISOString(), close_due: new Date(closeDue).toISOString() };
      break;
    }
    case 'approve_extension': {
      const ext = c.pendingExtension!;
      Object.assign(patch, { handle_due: ext.handleDue, close_due: ext.closeDue, extension_count: c.extensionCount + 1 });
      extension = 'approve';
      data = { handle_due: new Date(ext.handleDue).toISOString(), close_due: new Date(ext.closeDue).toISOString() };
      break;
    }
    case 'reject_extension':
      extension = 'reject';
      break;
    case 'start':
    case 'check':
      break;
  }
  return { from: c.status, to: target(step, c), patch, extension, data };
}
