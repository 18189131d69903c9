// Configuration endpoints: objects, lists, their attributes, select options and statuses.
import { apiErrors } from './api-error.js';
import { offsetPage, queryBoolean } from './query-params.js';
import { param, type Route, type RouteContext } from './route.js';
import { TARGET_KINDS, TARGETS, type Target, type TargetKind } from './targets.js';
import type { AttributeModel } from './workspace.js';

/** Attio documents no default or maximum for attribute paging: no limit returns all, above 1000 is a 400. */
export const ATTRIBUTES_MAX_LIMIT = 1000;

function targetAttributes(ctx: RouteContext, target: Target): AttributeModel[] {
  const id = param(ctx, 'identifier');
  const models = ctx.ws.findAttributes(target, id);
  if (!models) throw apiErrors.notFound(`Could not find ${TARGET_KINDS[target].noun} with slug or ID "${id}".`);
  return models;
}

function oneAttribute(ctx: RouteContext, target: Target): AttributeModel {
  const slug = param(ctx, 'attribute');
  const found = targetAttributes(ctx, target).find((m) => m.attribute.api_slug === slug || m.attribute.id.attribute_id === slug);
  if (!found) throw apiErrors.notFound(`Could not find attribute with slug or ID "${slug}".`);
  return found;
}

function attributeRoutes(target: Target): Route[] {
  const base = `/v2/${target}/{identifier}/attributes`;
  return [
    {
      method: 'GET',
      pattern: base,
      ownLimits: { max: ATTRIBUTES_MAX_LIMIT },
      handle(ctx) {
        const showArchived = queryBoolean(ctx.query, 'show_archived') ?? false;
        const visible = targetAttributes(ctx, target).filter((m) => showArchived || !m.attribute.is_archived);
        return { json: { data: offsetPage(visible, ctx.query, ctx.limits).map((m) => ctx.ws.attributeJson(m)) } };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/{attribute}`,
      handle: (ctx) => ({ json: { data: ctx.ws.attributeJson(oneAttribute(ctx, target)) } }),
    },
    {
      method: 'GET',
      pattern: `${base}/{attribute}/options`,
      handle(ctx) {
        const model = oneAttribute(ctx, target);
        if (model.attribute.type !== 'select')
          throw apiErrors.validation(`Attribute "${model.attribute.api_slug}" is not a select attribute.`);
        const showArchived = queryBoolean(ctx.query, 'show_archived') ?? false;
        return { json: { data: model.options.filter((o) => showArchived || !o.is_archived) } };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/{attribute}/statuses`,
      handle(ctx) {
        const model = oneAttribute(ctx, target);
        if (model.attribute.type !== 'status')
          throw apiErrors.validation(`Attribute "${model.attribute.api_slug}" is not a status attribute.`);
        const showArchived = queryBoolean(ctx.query, 'show_archived') ?? false;
        return { json: { data: model.statuses.filter((s) => showArchived || !s.is_archived) } };
      },
    },
  ];
}

/** Every object or list, one of them, and their attributes (TARGET_KINDS says what differs). */
function collectionRoutes(kind: TargetKind): Route[] {
  return [
    { method: 'GET', pattern: `/v2/${kind.target}`, handle: (ctx) => ({ json: { data: ctx.ws.collections(kind.target) } }) },
    {
      method: 'GET',
      pattern: `/v2/${kind.target}/{${kind.noun}}`,
      handle(ctx) {
        const model = ctx.ws.findCollection(kind.target, param(ctx, kind.noun));
        if (!model) throw apiErrors.notFound(`Could not find ${kind.noun} with slug or ID "${param(ctx, kind.noun)}".`);
        return { json: { data: model.json } };
      },
    },
    ...attributeRoutes(kind.target),
  ];
}

export const schemaRoutes: Route[] = TARGETS.flatMap(collectionRoutes);
