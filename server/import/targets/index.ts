// The import targets by name (POST /api/imports/{target}). A new target implements
// ImportTarget (../target.ts) and is listed here.
import type { ImportTarget } from '../target.ts';
import { blocksTarget, gridsTarget, subgridsTarget } from './boundaries.ts';
import { casesTarget } from './cases.ts';
import { componentsTarget } from './components.ts';

/** Each target types its own properties; the pipeline hands them over as validated by the target's schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const IMPORT_TARGETS: readonly ImportTarget<any>[] = [componentsTarget, casesTarget, gridsTarget, subgridsTarget, blocksTarget];
