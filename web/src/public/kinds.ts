// The kinds of public place a resident looks for, each with its colour and icon.
import type { RGBA } from '../map/colours.ts';

export const KINDS = ['toilet', 'park', 'vendor_zone', 'service_station', 'charging_shed'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_COLOUR: Record<Kind, RGBA> = {
  toilet: [37, 99, 235, 255],
  park: [22, 163, 74, 255],
  vendor_zone: [234, 88, 12, 255],
  service_station: [147, 51, 234, 255],
  charging_shed: [202, 138, 4, 255],
};

export const isKind = (s: string | null): s is Kind => s !== null && (KINDS as readonly string[]).includes(s);
