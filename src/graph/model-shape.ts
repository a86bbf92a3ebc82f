import type { MultiDirectedGraph } from 'graphology';
import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import type { Localized } from '../rules/i18n';
import type { Body } from '../rules/programme';
import type { CriterionDependency } from './dependencies';
import type { OverlapAnalysis } from './overlaps';

/**
 * The coordination graph as of a date: every programme with a version started by then (the version
 * in force, or the latest that ended), the agencies, coordination bodies and funds they name, the
 * territories where a criterion or a body's activity matters, and the edges between them.
 */
export type NodeKind = 'programme' | 'agency' | 'body' | 'fund' | 'territory';
export type EdgeKind =
  | 'administers'
  | 'part_of'
  | 'member_of'
  | 'funds'
  | 'coordination'
  | 'coordination_via'
  | 'stage_sequence'
  | 'exclusion'
  | 'overlap'
  | 'depends_on'
  | 'body_activity'
  | 'targets';

export interface NodeAttributes {
  kind: NodeKind;
  label: Localized;
  shortName?: string;
  level?: string;
  country?: string;
  agency?: string;
  flagged?: boolean;
  flags: string[];
  sources: string[];
  note?: string;
  // programmes
  programme?: string;
  key?: string;
  fiscalYear?: number;
  validFrom?: string;
  validTo?: string;
  active?: boolean;
  /** As of the graph's date: in force, ran then but its rules for that year are not encoded, or ended. */
  state?: 'in_force' | 'no_rules' | 'ended';
  matchable?: boolean;
  parent?: string;
  targetUnit?: string;
  budgetCurrency?: string;
  budgetTotal?: string;
  budgetLines?: number;
  eligible?: number;
  undetermined?: number;
  coverage?: number;
  // bodies
  bodyKind?: string;
  hasBudget?: boolean;
  hasOperatingRules?: boolean;
  // territories
  code?: string;
  territoryLevel?: string;
}

export interface EdgeAttributes {
  kind: EdgeKind;
  label?: Localized;
  flags: string[];
  sources: string[];
  note?: string;
  /** The programme version that declares the edge. */
  declaredBy?: string;
  active?: boolean;
  // coordination and funds
  linkKind?: 'formal' | 'informal';
  budgetBacked?: boolean;
  effective?: boolean;
  via?: string;
  // exclusion
  exclusion?: string;
  period?: string;
  // overlap
  both?: number;
  jaccard?: number;
  population?: number;
  // depends_on, targets, stage_sequence
  criterion?: string;
  fact?: string;
  basis?: string;
  // body_activity
  activity?: string;
  inactive?: boolean;
}

export type CoordinationGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export interface DeclaredLink {
  programme: ProgrammeVersion;
  link: ProgrammeVersion['coordination']['links'][number];
  /** The edge for the link (coordination or funds), absent when its target is not in the graph. */
  edge?: string;
  viaEdge?: string;
  target?: string;
}

export interface GraphModel {
  graph: CoordinationGraph;
  catalogue: Catalogue;
  asOf: IsoDate;
  /** Programme id → the version shown. */
  programmes: Map<
    string,
    { version: ProgrammeVersion; active: boolean; state: 'in_force' | 'no_rules' | 'ended' }
  >;
  links: DeclaredLink[];
  dependencies: (CriterionDependency & { edges: string[]; inactiveTerritories: string[] })[];
  analysis?: OverlapAnalysis;
}

export const programmeNode = (id: string) => `programme:${id}`;
export const territoryNode = (code: string) => `territory:${code}`;
export function bodyNode(body: Body): string {
  return `${body.kind === 'agency' ? 'agency' : body.kind === 'fund' ? 'fund' : 'body'}:${body.id}`;
}
