// Turns the convenient inputs tests pass to addRecord/addEntry (plain strings, numbers, titles or
// partial values) into complete Attio values for one attribute.
import type { AttributeSpec } from './attribute-spec.js';
import { values, type ValueProvenance } from './attribute-values.js';
import type { AttioActor, AttioStatus, AttioValue, SelectOption } from './model.js';
import { canonicalTimestamp } from './timestamps.js';

/** A primitive shorthand (e.g. a select option title) or a (partial) value in Attio's read shape. */
export type ValueInput = string | number | boolean | Partial<AttioValue>;

export interface AttributeContext {
  spec: AttributeSpec;
  options: SelectOption[];
  statuses: AttioStatus[];
}

const PHONE_PREFIXES: [string, string][] = [
  ['+44', 'GB'],
  ['+49', 'DE'],
  ['+33', 'FR'],
  ['+81', 'JP'],
  ['+61', 'AU'],
];

export function valueFromInput(attribute: AttributeContext, input: ValueInput, p: ValueProvenance): AttioValue {
  const { spec } = attribute;
  if (typeof input === 'object' && input !== null) return completeValue(attribute, input, p);
  const text = String(input);
  switch (spec.type) {
    case 'text':
      return values.text(text, p);
    case 'number':
      return values.number(Number(input), p);
    case 'rating':
      return values.rating(Number(input), p);
    case 'checkbox':
      return values.checkbox(input === true || input === 'true', p);
    case 'currency':
      return values.currency(Number(input), spec.defaultCurrency ?? null, p);
    case 'date':
      return values.date(text, p);
    case 'timestamp':
      return values.timestamp(canonicalTimestamp(text) ?? text, p);
    case 'status':
      return values.status(
        findByTitleOrId(attribute.statuses, text, (s) => s.id.status_id, spec.slug),
        p,
      );
    case 'select':
      return values.select(
        findByTitleOrId(attribute.options, text, (o) => o.id.option_id, spec.slug),
        p,
      );
    case 'record-reference':
      return values.recordReference(spec.targets?.[0] ?? 'people', text, p);
    case 'actor-reference':
      return values.actorReference('workspace-member', text, p);
    case 'location':
      return values.location({ locality: text }, p);
    case 'domain':
      return values.domain(text, p);
    case 'email-address':
      return values.emailAddress(text, p);
    case 'phone-number':
      return values.phoneNumber(text, PHONE_PREFIXES.find(([prefix]) => text.startsWith(prefix))?.[1] ?? 'US', p);
    case 'interaction':
      return values.interaction('email', canonicalTimestamp(text) ?? text, { id: null, type: null }, p);
    case 'personal-name': {
      const [first = '', ...rest] = text.split(' ');
      return values.personalName(first, rest.join(' '), p);
    }
  }
}

/** Fills in the common fields (and resolves option/status titles) of a value given in read shape. */
function completeValue(attribute: AttributeContext, input: Partial<AttioValue>, p: ValueProvenance): AttioValue {
  const value: AttioValue = {
    active_from: p.activeFrom,
    active_until: p.activeUntil ?? null,
    created_by_actor: p.actor as AttioActor,
    ...input,
    attribute_type: input.attribute_type ?? attribute.spec.type,
  };
  if (attribute.spec.type === 'select' && typeof value.option === 'string') {
    value.option = findByTitleOrId(attribute.options, value.option, (o) => o.id.option_id, attribute.spec.slug);
  }
  if (attribute.spec.type === 'status' && typeof value.status === 'string') {
    value.status = findByTitleOrId(attribute.statuses, value.status, (s) => s.id.status_id, attribute.spec.slug);
  }
  return value;
}

function findByTitleOrId<T extends { title: string }>(items: T[], key: string, idOf: (item: T) => string, slug: string): T {
  const found = items.find((item) => item.title === key || idOf(item) === key);
  if (!found) throw new Error(`attribute ${slug} has no option or status "${key}"`);
  return found;
}
