// Records and list entries: the two POST …/query endpoints (paging in the JSON body) and the
// single-item reads, including value history.
import type { AttioValue, AttioValues } from './model.js';
import { apiErrors } from './api-error.js';
import { isActiveValue } from './attribute-values.js';
import { offsetPage, queryBoolean } from './query-params.js';
import { param, type Route, type RouteAnswer, type RouteContext } from './route.js';
import { bodyInteger, indexRange, pageIndices, parseCreatedAtFilter, parseSorts } from './row-query.js';
import type { TimeOrderedRows } from './time-ordered-rows.js';
import type { AttributeModel, ListModel, ObjectModel } from './workspace.js';

/** Attio documents the default (500) but no maximum; the simulator rejects more than 1000. */
export const QUERY_MAX_LIMIT = 1000;

function objectOf(ctx: RouteContext): ObjectModel {
  const model = ctx.ws.findObject(param(ctx, 'object'));
  if (!model) throw apiErrors.notFound(`Could not find object with slug or ID "${param(ctx, 'object')}".`);
  return model;
}

function listOf(ctx: RouteContext): ListModel {
  const model = ctx.ws.findList(param(ctx, 'list'));
  if (!model) throw apiErrors.notFound(`Could not find list with slug or ID "${param(ctx, 'list')}".`);
  return model;
}

/** limit/offset come from the body only: query-string paging is ignored, exactly like Attio. */
function queryPage(rows: TimeOrderedRows, ctx: RouteContext, idSlug: string): RouteAnswer {
  const body = ctx.body;
  const limit = bodyInteger(body, 'limit', 500, QUERY_MAX_LIMIT);
  const offset = bodyInteger(body, 'offset', 0);
  const range = indexRange(rows, parseCreatedAtFilter(body.filter));
  const indices = pageIndices(rows, range, parseSorts(body.sorts, idSlug, ctx.acceptIdSort), offset, limit, ctx.shuffleTies);
  return { rawJson: `{"data":[${indices.map((i) => rows.jsonAt(i)).join(',')}]}` };
}

function attributeValues(attributes: AttributeModel[], all: AttioValues, ctx: RouteContext): AttioValue[] {
  const slug = param(ctx, 'attribute');
  const model = attributes.find((m) => m.attribute.api_slug === slug || m.attribute.id.attribute_id === slug);
  if (!model) throw apiErrors.notFound(`Could not find attribute with slug or ID "${slug}".`);
  const showHistoric = queryBoolean(ctx.query, 'show_historic') ?? false;
  if (showHistoric && (model.attribute.type === 'interaction' || !model.attribute.is_writable)) {
    throw apiErrors.validation(`Historic values are not available for the enriched or COMINT attribute "${model.attribute.api_slug}".`);
  }
  const list = all[model.attribute.api_slug] ?? [];
  // The spec: "Historic values are sorted from oldest to newest (by `active_from`)" (a stable sort).
  const historic = [...list].sort((a, b) =>
    (a.active_from ?? '') < (b.active_from ?? '') ? -1 : (a.active_from ?? '') > (b.active_from ?? '') ? 1 : 0,
  );
  return offsetPage(showHistoric ? historic : list.filter(isActiveValue), ctx.query, {});
}

export const recordRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v2/objects/{object}/records/query',
    handle: (ctx) => queryPage(objectOf(ctx).rows, ctx, 'record_id'),
  },
  {
    method: 'GET',
    pattern: '/v2/objects/{object}/records/{record_id}',
    handle(ctx) {
      const found = objectOf(ctx).rows.get(param(ctx, 'record_id'));
      if (!found) throw apiErrors.notFound(`Record with ID "${param(ctx, 'record_id')}" not found.`);
      return { json: { data: found.visible } };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values',
    handle(ctx) {
      const model = objectOf(ctx);
      const found = model.rows.get(param(ctx, 'record_id'));
      if (!found) throw apiErrors.notFound(`Record with ID "${param(ctx, 'record_id')}" not found.`);
      return { json: { data: attributeValues(model.attributes, found.full.values, ctx) } };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/objects/{object}/records/{record_id}/entries',
    handle(ctx) {
      const model = objectOf(ctx);
      const recordId = param(ctx, 'record_id');
      if (model.rows.indexOfId(recordId) < 0) throw apiErrors.notFound(`Record with ID "${recordId}" not found.`);
      const entries = ctx.ws.recordEntries(model.object.api_slug ?? '', recordId);
      return { json: { data: offsetPage(entries, ctx.query, { defaultLimit: 100, max: 1000 }) } };
    },
  },
  {
    method: 'POST',
    pattern: '/v2/lists/{list}/entries/query',
    handle: (ctx) => queryPage(listOf(ctx).rows, ctx, 'entry_id'),
  },
  {
    method: 'GET',
    pattern: '/v2/lists/{list}/entries/{entry_id}',
    handle(ctx) {
      const found = listOf(ctx).rows.get(param(ctx, 'entry_id'));
      if (!found) throw apiErrors.notFound(`Entry with ID "${param(ctx, 'entry_id')}" not found.`);
      return { json: { data: found.visible } };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values',
    handle(ctx) {
      const model = listOf(ctx);
      const found = model.rows.get(param(ctx, 'entry_id'));
      if (!found) throw apiErrors.notFound(`Entry with ID "${param(ctx, 'entry_id')}" not found.`);
      return { json: { data: attributeValues(model.attributes, found.full.entry_values, ctx) } };
    },
  },
];
