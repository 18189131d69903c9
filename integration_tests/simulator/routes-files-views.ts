// Endpoints newer than the vendored OpenAPI file, from the generated types and operation docs of
// attio-ts-sdk 2.3.0: the beta files API (GET /v2/files, GET /v2/files/{file_id}) and the saved
// views of objects and lists. Their scopes (`newer`) are the SDK's operation docs ("Required scopes: …",
// dist/index.d.mts); their shapes and page limits are in ../reference/attio-ts-sdk-newer-endpoints.json.
import { apiErrors } from './api-error.js';
import { cursorPage } from './cursor.js';
import type { FileEntry, FileStorageProvider } from './model.js';
import { queryBoolean } from './query-params.js';
import { param, type Route, type RouteContext } from './route.js';
import { TARGETS, type TargetKind } from './targets.js';

const STORAGE_PROVIDERS: FileStorageProvider[] = ['attio', 'dropbox', 'box', 'google-drive', 'microsoft-onedrive'];

function parentFolderOf(entry: FileEntry): string | null {
  return entry.file_type === 'file' || entry.file_type === 'folder' ? entry.parent_folder_id : null;
}

/**
 * GET /v2/files. attio-ts-sdk's generated types make `object` and `record_id` required query
 * parameters (and its listFiles helper requires both), while the operation's description says they are
 * optional filters over "files … across the workspace". The simulator follows the types by default
 * (400 without them, so a connector needs one call per record); SimulatorOptions.filesWorkspaceWide
 * follows the description instead. Order: created_at, then file_id (Attio documents none).
 */
function listFiles(ctx: RouteContext) {
  const q = ctx.query;
  const objectParam = q.get('object');
  const recordId = q.get('record_id');
  if (!ctx.filesWorkspaceWide && (objectParam === null || recordId === null)) {
    throw apiErrors.validation('Query parameters "object" and "record_id" are required.');
  }
  if (recordId !== null && objectParam === null) throw apiErrors.validation('Query parameter "object" is required with "record_id".');
  const object = objectParam === null ? null : ctx.ws.findObject(objectParam);
  if (objectParam !== null && !object) throw apiErrors.notFound(`Object with slug/ID "${objectParam}" not found.`);
  if (recordId !== null && object && object.rows.indexOfId(recordId) < 0) {
    throw apiErrors.notFound(`Record with ID "${recordId}" not found.`);
  }
  const provider = q.get('storage_provider');
  if (provider !== null && !STORAGE_PROVIDERS.includes(provider as FileStorageProvider)) {
    throw apiErrors.validation(`Query parameter "storage_provider" must be one of ${STORAGE_PROVIDERS.join(', ')}.`);
  }
  const parentFolder = q.get('parent_folder_id');
  const items = ctx.ws
    .files()
    .filter(
      (f) =>
        (!object || f.object_id === object.object.id.object_id) &&
        (recordId === null || f.record_id === recordId) &&
        (provider === null || f.storage_provider === provider) &&
        (parentFolder === null || parentFolderOf(f) === parentFolder),
    )
    .sort((a, b) => (a.created_at === b.created_at ? cmp(a.id.file_id, b.id.file_id) : cmp(a.created_at, b.created_at)));
  const key = JSON.stringify(['files', object?.object.id.object_id ?? null, recordId, provider, parentFolder]);
  return cursorPage(items, q, key, ctx.limits);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function viewsRoute(kind: TargetKind): Route {
  return {
    method: 'GET',
    pattern: `/v2/${kind.target}/{${kind.noun}}/views`,
    feature: 'views',
    newer: {
      source: `attio-ts-sdk 2.3.0 ${kind.target === 'objects' ? 'getV2ObjectsByObjectViews' : 'getV2ListsByListViews'}`,
      scopes: [`${kind.target === 'objects' ? 'object' : 'list'}_configuration:read`],
    },
    handle(ctx) {
      const id = param(ctx, kind.noun);
      const parent = ctx.ws.findCollection(kind.target, id);
      if (!parent) throw apiErrors.notFound(`${kind.noun === 'object' ? 'Object' : 'List'} with slug/ID "${id}" not found.`);
      const showArchived = queryBoolean(ctx.query, 'show_archived') ?? false;
      // attio-ts-sdk: "Results are ordered by view ID (`id.view_id` ascending)."
      const views = ctx.ws.views(kind.target, id, { showArchived });
      return cursorPage(views, ctx.query, JSON.stringify(['views', parent.id, showArchived]), ctx.limits);
    },
  };
}

export const fileAndViewRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v2/files',
    feature: 'files',
    newer: { source: 'attio-ts-sdk 2.3.0 getV2Files', scopes: ['object_configuration:read', 'record_permission:read', 'file:read'] },
    handle: listFiles,
  },
  {
    method: 'GET',
    pattern: '/v2/files/{file_id}',
    feature: 'files',
    newer: {
      source: 'attio-ts-sdk 2.3.0 getV2FilesByFileId',
      scopes: ['file:read', 'object_configuration:read', 'record_permission:read'],
    },
    handle(ctx) {
      const id = param(ctx, 'file_id');
      const entry = ctx.ws.file(id);
      if (!entry) throw apiErrors.notFound(`File with ID "${id}" not found.`);
      // attio-ts-sdk: a folder is answered with `has_children`.
      return { json: { data: entry.file_type === 'folder' ? { ...entry, has_children: ctx.ws.hasChildren(id) } : entry } };
    },
  },
  ...TARGETS.map(viewsRoute),
];
