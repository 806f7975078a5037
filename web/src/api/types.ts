// Shapes of the server's answers the views use (see /api/openapi.json).
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export type Role = 'admin' | 'planner' | 'command' | 'officer' | 'grid_chief' | 'public';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  grids: number[];
  personId?: number | null;
}

export interface LoginAnswer {
  token: string;
  expiresAt: string;
  user: User;
}


export interface TeamSummary {
  model: string;
  complete: boolean;
  required_seats: number;
  filled_seats: number;
  empty_seats: string[];
  shared_holders: unknown[];
  participants: number;
}

export interface GridProps {
  code: string;
  name: string;
  status: 'active' | 'draft';
  version: number;
  updated_at: string;
  updated_by: string;
  team_model: string;
  community_id: number;
  community_code: string;
  community: string;
  street_id: number;
  street: string;
  area_m2: number;
  households: number;
  buildings: number;
  components: number;
  open_cases: number;
  overdue_cases: number;
  cases_last_365d: number;
  team: TeamSummary;
}

export type UnitGeometry = Polygon | MultiPolygon;
export type GridFeature = Feature<UnitGeometry, GridProps> & { id: number };
export interface UnitCollection<P> extends FeatureCollection<UnitGeometry, P> {
  features: (Feature<UnitGeometry, P> & { id: number })[];
  numberMatched?: number;
}

export interface SubgridProps {
  code: string;
  name: string;
  grid_id: number;
  version: number;
}
export interface BlockProps {
  code: string;
  name: string;
  community_id: number;
  landuse: string;
  version: number;
  households?: number;
}

export interface Holder {
  person_id: number;
  name: string;
  kind: string;
  phone?: string;
  title?: string;
  department?: string;
  since?: string;
}

export interface Seat {
  seat_kind: string;
  group: 'chief' | 'coordinator' | 'specialist' | 'participant' | string;
  name_zh: string;
  name_en: string;
  min_holders: number;
  max_holders: number | null;
  holders: Holder[];
}

export interface Team {
  grid: { id: number; code: string; name: string; team_model: string };
  complete: boolean;
  required_seats: number;
  filled_seats: number;
  empty_seats: string[];
  participants: number;
  seats: Seat[];
  subgrids?: { id: number; code: string; name: string; chief: Holder | null; members: (Holder & { source: string })[] }[];
  blocks?: { id: number; code: string; name: string; block_chief: Holder | null; environment_chief: Holder | null }[];
}
