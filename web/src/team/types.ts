// Shapes of the team desk's answers: GET /api/grids/{id}/team (server/units/team.ts) and
// GET /api/people, /api/people/{id} (server/people/read.ts).

export interface TeamPerson {
  person_id: number;
  name: string;
  title: string | null;
  kind: string;
  department: string | null;
  phone: string | null;
}

export interface TeamSeat {
  seat_kind: string;
  group: 'chief' | 'coordinator' | 'specialist' | 'participant' | string;
  name_zh: string;
  name_en: string;
  min_holders: number;
  max_holders: number | null;
  holders: (TeamPerson & { since?: string })[];
}

export interface TeamSubgrid {
  id: number;
  code: string;
  name: string;
  chief: TeamPerson | null;
  members: (TeamPerson & { source: string })[];
}

export interface TeamBlock {
  id: number;
  code: string;
  name: string;
  block_chief: TeamPerson | null;
  environment_chief: TeamPerson | null;
}

export interface TeamDoc {
  grid: { id: number; code: string; name: string; team_model: string };
  complete: boolean;
  required_seats: number;
  filled_seats: number;
  empty_seats: string[];
  shared_holders: { person_id: number; seats: string[] }[];
  participants: number;
  seats: TeamSeat[];
  subgrids: TeamSubgrid[];
  blocks: TeamBlock[];
}

/** The body of PUT /api/grids/{id}/team. */
export interface TeamInput {
  seats: { seat_kind: string; person_id: number }[];
  subgrids?: { subgrid_id: number; chief_id: number | null; members: { person_id: number; source: string }[] }[];
  blocks?: { block_id: number; block_chief_id: number | null; environment_chief_id: number | null }[];
}

export interface PersonSeat {
  grid_id: number;
  grid_code: string;
  grid_name: string;
  seat_kind: string;
  seat_group: string;
  seat_name_zh: string;
  seat_name_en: string;
  since: string;
}

export interface Person {
  id: number;
  name: string;
  title: string | null;
  kind: string;
  department: string | null;
  department_zh: string | null;
  department_en: string | null;
  phone: string | null;
  seats: PersonSeat[];
}

export interface PersonDetail extends Person {
  subgrids: { subgrid_id: number; subgrid_code: string; subgrid_name: string; grid_id: number; grid_code: string; role: 'chief' | 'member'; source: string }[];
  blocks: { block_id: number; block_code: string; block_name: string; role: 'block_chief' | 'environment_chief' }[];
}

export interface PeoplePage {
  total: number;
  limit: number;
  offset: number;
  next: string | null;
  people: Person[];
}

export const SOURCES = ['community', 'enforcement', 'housing_security', 'owners_committee', 'property', 'other'] as const;
export type Source = (typeof SOURCES)[number];

export type BlockRole = 'block_chief' | 'environment_chief';

/** What the people search fills when a person is picked. */
export type Target =
  | { kind: 'seat'; seat_kind: string; replace?: number }
  | { kind: 'subgrid_chief'; subgrid_id: number }
  | { kind: 'subgrid_member'; subgrid_id: number; source: Source }
  | { kind: 'block'; block_id: number; role: BlockRole };

/** One change of GET /api/grids/{id}/team/history: the server's own type (a type-only import, nothing of the server is bundled). */
export type { TeamChange } from '../../../server/units/team-history.ts';
