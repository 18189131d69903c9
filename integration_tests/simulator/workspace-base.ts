// The workspace itself: its identity, its clock, the seeded PRNG every id comes from, and its
// members (the owners of generated records need them before any object exists). The domain layers
// (workspace-collections.ts, workspace-rows.ts, workspace-activity.ts, workspace-files-views.ts)
// build on it; workspace.ts puts them together.
import type { AttioActor, WorkspaceMember } from './model.js';
import { SeededRandom } from './random.js';
import { NanoClock, type TimeSource } from './timestamps.js';

export interface WorkspaceIdentity {
  seed: number;
  name?: string;
  slug?: string;
  /** Where "now" comes from (default the wall clock); see NanoClock. */
  clock?: TimeSource;
}

export class WorkspaceBase {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly logoUrl: string | null;
  /** Drives every generated id, so the same seed and the same calls give the same workspace. */
  readonly random: SeededRandom;
  /** The actor of things created through the API token (what the tests add by default). */
  readonly apiTokenActor: AttioActor;

  protected readonly clock: NanoClock;
  protected readonly memberList: WorkspaceMember[] = [];

  constructor(identity: WorkspaceIdentity) {
    this.clock = new NanoClock(identity.clock);
    this.random = new SeededRandom(identity.seed);
    this.id = this.random.uuid();
    this.name = identity.name ?? 'Simulated Co';
    this.slug = identity.slug ?? 'simulated-co';
    this.logoUrl = `https://assets.attio.com/logos/${this.id}.png`;
    this.apiTokenActor = { id: this.random.uuid(), type: 'api-token' };
  }

  /**
   * Strictly increasing "now" timestamps with nanosecond digits, always after everything seeded. Every
   * record or entry added without a created_at, and every value change, is stamped with one.
   */
  nowTimestamp(): string {
    return this.clock.now();
  }

  /** Replaces where "now" comes from (e.g. `steppingClock(...)`); timestamps stay strictly increasing. */
  useClock(source: TimeSource): void {
    this.clock.use(source);
  }

  workspaceMembers(): WorkspaceMember[] {
    return structuredClone(this.memberList);
  }

  addWorkspaceMember(member: Omit<WorkspaceMember, 'id' | 'created_at'> & { created_at?: string }): WorkspaceMember {
    const full: WorkspaceMember = {
      ...member,
      id: { workspace_id: this.id, workspace_member_id: this.random.uuid() },
      created_at: member.created_at ?? this.nowTimestamp(),
    };
    this.memberList.push(full);
    this.clock.observe(full.created_at);
    return structuredClone(full);
  }
}
