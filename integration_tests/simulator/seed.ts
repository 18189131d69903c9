// createSeededWorkspace: the deterministic default workspace every test, demo and benchmark uses.
import { createHash } from 'node:crypto';
import { SeededRandom } from './random.js';
import { ROUTES } from './routes.js';
import { SEEDED_LISTS, SEEDED_OBJECTS } from './workspace-schema.js';
import { DEFAULT_ACTIVITY_COUNTS, seedActivity, seedMembers } from './seed-activity.js';
import { seedFiles, seedViews } from './seed-files-views.js';
import { DEFAULT_SEED_COUNTS, seedRecords } from './seed-records.js';
import type { BulkImports } from './large-object.js';
import type { TimeSource } from './timestamps.js';
import { Workspace } from './workspace.js';

export interface SeedOptions {
  seed?: number;
  /**
   * Adds a custom object with `count` lazily generated records (up to 1,000,000); with `bulkImports`, the first
   * `size` records of every `every` share one created_at, as a bulk import's do (see large-object.ts).
   */
  largeObject?: { slug: string; count: number; bulkImports?: BulkImports };
  /** Where the workspace's "now" comes from (default the wall clock); the seeded data does not depend on it. */
  clock?: TimeSource;
}

export const DEFAULT_SEED = 20240305;

export function createSeededWorkspace(options: SeedOptions = {}): Workspace {
  const ws = new Workspace({ seed: options.seed ?? DEFAULT_SEED, ...(options.clock ? { clock: options.clock } : {}) });
  const members = seedMembers(ws, DEFAULT_ACTIVITY_COUNTS.members);
  const owner = members[0];
  const ownerActor = { id: owner?.id.workspace_member_id ?? null, type: 'workspace-member' };

  // Standard objects exist from the workspace's creation; custom ones were added later.
  SEEDED_OBJECTS.forEach((spec, i) => {
    const created =
      i < 5
        ? `2022-11-01T09:00:0${i}.${String(123456789 + i * 1111).padStart(9, '0')}Z`
        : `2023-0${i - 3}-14T15:30:00.${String(987654321 - i).padStart(9, '0')}Z`;
    ws.defineObject(spec, created);
  });
  SEEDED_LISTS.forEach((spec, i) =>
    ws.defineList(spec, `2023-0${6 + i}-01T10:00:00.${String(500000000 + i * 7).padStart(9, '0')}Z`, ownerActor),
  );

  seedRecords(
    ws,
    members.map((m) => ({ id: m.id.workspace_member_id, type: 'workspace-member' })),
    DEFAULT_SEED_COUNTS,
  );
  seedActivity(ws, members, DEFAULT_ACTIVITY_COUNTS);

  if (options.largeObject) {
    const { slug, count, bulkImports } = options.largeObject;
    if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error('largeObject.count must be 0..1000000');
    ws.defineLargeObject(slug, count, '2021-05-31T23:59:59.000000001Z', bulkImports);
  }
  // Last, from their own PRNGs: nothing seeded above changes because of them.
  const seed = options.seed ?? DEFAULT_SEED;
  seedFiles(
    ws,
    seed,
    members.map((m) => ({ id: m.id.workspace_member_id, type: 'workspace-member' })),
  );
  seedViews(ws, seed);
  // The collections routes seed themselves (Route.seed), each from a PRNG of (seed, its pattern).
  for (const route of ROUTES) {
    const own = createHash('sha256').update(`${seed} ${route.method} ${route.pattern}`).digest().readUInt32BE(0);
    route.seed?.(ws, new SeededRandom(own));
  }
  return ws;
}
