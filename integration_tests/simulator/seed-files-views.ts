// Seeds the file entries (beta files API) and the saved views of every object and list. They draw from
// their own PRNG, after everything else is seeded, so the rest of the seeded workspace (ids, values,
// timestamps, and what the workspace's PRNG hands out next) is the same as without them.
import type { AttioActor } from './model.js';
import { SeededRandom } from './random.js';
import { createdAtSeries } from './seed-timeline.js';
import type { Workspace } from './workspace.js';

export const SEEDED_FILE_COUNT = 40;

const FILE_NAMES: [string, string, number][] = [
  ['Board deck Q3.pdf', 'application/pdf', 2_481_152],
  ['Signed MSA.pdf', 'application/pdf', 412_907],
  ['Logo.png', 'image/png', 48_213],
  ['Pricing model.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 96_512],
  ['Call notes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 23_040],
  ['Export 2024-11.csv', 'text/csv', 7_311],
  ['Résumé – final.pdf', 'application/pdf', 188_004],
  ['Security questionnaire.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 61_440],
];
const FOLDER_NAMES = ['Contracts', 'Due diligence', 'Onboarding', 'Invoices'];
const CONNECTED: ('google-drive' | 'dropbox' | 'box' | 'microsoft-onedrive')[] = ['google-drive', 'dropbox', 'box', 'microsoft-onedrive'];

/** 40 file entries on 12 records (4 people, 5 companies, 3 deals): 6 folders, 22 files (some in folders), 8 connected files, 4 connected folders. */
export function seedFiles(ws: Workspace, seed: number, actors: AttioActor[]): void {
  const r = new SeededRandom((seed ^ 0x5f11e5) >>> 0);
  const pick = (slug: string, n: number) => r.sample(ws.records(slug), n).map((rec) => ({ object: slug, record_id: rec.id.record_id }));
  const companies = pick('companies', 5);
  const deals = pick('deals', 3);
  const people = pick('people', 4);
  const records = [...companies, ...deals, ...people];
  const times = createdAtSeries(r, '2025-01-06T09:00:00Z', SEEDED_FILE_COUNT, 9 * 3_600_000, [[17, 18]]);
  const actorAt = (k: number) => actors[k % actors.length] ?? ws.apiTokenActor;
  const folders = new Map<string, string>();
  for (let k = 0; k < SEEDED_FILE_COUNT; k++) {
    const created = { created_at: times[k] as string, created_by_actor: actorAt(k), file_id: r.uuid() };
    if (k < 6) {
      const on = (k < 3 ? companies[k] : deals[k - 3]) as { object: string; record_id: string };
      ws.addFile({ ...on, ...created, file_type: 'folder', name: FOLDER_NAMES[k % FOLDER_NAMES.length] as string });
      folders.set(on.record_id, created.file_id);
    } else if (k < 28) {
      const on = r.pick(records);
      const [name, contentType, size] = FILE_NAMES[k % FILE_NAMES.length] as [string, string, number];
      const folder = folders.get(on.record_id);
      const unknownSize = k === 27; // still processing: no type or size yet
      ws.addFile({
        ...on,
        ...created,
        file_type: 'file',
        name,
        content_type: unknownSize ? null : contentType,
        content_size: unknownSize ? null : size + k,
        parent_folder_id: folder && r.chance(0.5) ? folder : null,
      });
    } else {
      const on = r.pick(records);
      const provider = CONNECTED[k % CONNECTED.length] as (typeof CONNECTED)[number];
      ws.addFile({
        ...on,
        ...created,
        file_type: k < 36 ? 'connected-file' : 'connected-folder',
        storage_provider: provider,
        external_provider_file_id: `${provider.replace(/-/g, '')}_${r.uuid().replace(/-/g, '').slice(0, 20)}`,
        microsoft_drive_id: provider === 'microsoft-onedrive' ? `b!${r.uuid().replace(/-/g, '')}` : null,
      });
    }
  }
}

/** 2 to 4 saved views per object and list; of three or more, the last one is archived. */
export function seedViews(ws: Workspace, seed: number): void {
  const r = new SeededRandom((seed ^ 0x71e35) >>> 0);
  for (const object of ws.objects()) {
    const plural = object.plural_noun ?? object.api_slug ?? 'records';
    addViews(ws, r, 'objects', object.api_slug ?? object.id.object_id, object.created_at, [
      `All ${plural.toLowerCase()}`,
      'Recently created',
      `My ${plural.toLowerCase()}`,
      'Archived: 2023 import',
    ]);
  }
  for (const list of ws.lists()) {
    addViews(ws, r, 'lists', list.api_slug, list.created_at, ['All entries', 'Board', 'Owned by me', 'Archived: Q1 review']);
  }
}

function addViews(ws: Workspace, r: SeededRandom, target: 'objects' | 'lists', slug: string, since: string, titles: string[]): void {
  const count = 2 + r.int(3);
  const times = createdAtSeries(r, `${since.slice(0, 10)}T12:00:00Z`, count, 5 * 86_400_000);
  for (let j = 0; j < count; j++) {
    const archived = count >= 3 && j === count - 1;
    ws.addView(target, slug, {
      title: (archived ? titles[3] : titles[j]) as string,
      archived,
      view_id: r.uuid(),
      created_at: times[j] as string,
    });
  }
}
