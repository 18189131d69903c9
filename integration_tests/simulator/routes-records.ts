// Records and list entries: the two POST …/query endpoints (paging in the JSON body) and the
// single-item reads, including value history.
import type { AttioValue, AttioValues } from './model.js';
import { apiErrors } from './api-error.js';
import { isActiveValue } from './attribute-values.js';
import { offsetPage, queryBoolean } from './query-params.js';
import { param, type Route, type RouteAnswer, type RouteContext } from './route.js';
import { bodyInteger, indexRange, pageIndices, parseCreatedAtFilter, parseSorts } from './row-query.js';
import type { TimeOrderedRows } from './time-ordered-rows.js';
import { TARGET_KINDS, valuesOf, type AttioRow, type TargetKind } from './targets.js';
import type { AttributeModel, CollectionModel } from './workspace.js';

/** Attio documents the default (500) but no maximum; the simulator rejects more than 1000. */
export const QUERY_MAX_LIMIT = 1000;

function collectionOf(ctx: RouteContext, kind: TargetKind): CollectionModel {
  const id = param(ctx, kind.noun);
  const model = ctx.ws.findCollection(kind.target, id);
  if (!model) throw apiErrors.notFound(`Could not find ${kind.noun} with slug or ID "${id}".`);
  return model;
}

function rowOf(ctx: RouteContext, kind: TargetKind): { model: CollectionModel; full: AttioRow; visible: AttioRow } {
  const model = collectionOf(ctx, kind);
  const id = param(ctx, kind.rowIdKey);
  const found = model.rows.get(id);
  if (!found) throw apiErrors.notFound(`${kind.rowNoun} with ID "${id}" not found.`);
  return { model, ...found };
}

/** limit/offset come from the body only: query-string paging is ignored, exactly like Attio. */
function queryPage(rows: TimeOrderedRows, ctx: RouteContext, idSlug: string): RouteAnswer {
  const body = ctx.body;
  const limit = bodyInteger(body, 'limit', ctx.limits.defaultLimit ?? 0, ctx.limits.max);
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
  return offsetPage(showHistoric ? historic : list.filter(isActiveValue), ctx.query, ctx.limits);
}

/** The query, the single row and its values, for records and entries alike (TARGET_KINDS). */
function rowRoutes(kind: TargetKind): Route[] {
  const base = `/v2/${kind.target}/{${kind.noun}}/${kind.rowsSegment}`;
  return [
    {
      method: 'POST',
      pattern: `${base}/query`,
      ownLimits: { max: QUERY_MAX_LIMIT },
      handle: (ctx) => queryPage(collectionOf(ctx, kind).rows, ctx, kind.rowIdKey),
    },
    {
      method: 'GET',
      pattern: `${base}/{${kind.rowIdKey}}`,
      handle: (ctx) => ({ json: { data: rowOf(ctx, kind).visible } }),
    },
    {
      method: 'GET',
      pattern: `${base}/{${kind.rowIdKey}}/attributes/{attribute}/values`,
      handle(ctx) {
        const { model, full } = rowOf(ctx, kind);
        return { json: { data: attributeValues(model.attributes, valuesOf(full), ctx) } };
      },
    },
  ];
}

export const recordRoutes: Route[] = [
  ...rowRoutes(TARGET_KINDS.objects),
  {
    method: 'GET',
    pattern: '/v2/objects/{object}/records/{record_id}/entries',
    handle(ctx) {
      const model = collectionOf(ctx, TARGET_KINDS.objects);
      const recordId = param(ctx, 'record_id');
      if (model.rows.indexOfId(recordId) < 0) throw apiErrors.notFound(`Record with ID "${recordId}" not found.`);
      const entries = ctx.ws.recordEntries(model.slug, recordId);
      return { json: { data: offsetPage(entries, ctx.query, ctx.limits) } };
    },
  },
  ...rowRoutes(TARGET_KINDS.lists),
];
