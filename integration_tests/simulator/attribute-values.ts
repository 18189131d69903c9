// Builders for attribute values in Attio's read shape: every value carries active_from,
// active_until, created_by_actor and attribute_type, plus the fields of its type (notes §3).
import type { ActorType, AttioActor, AttioStatus, AttioValue, SelectOption } from './model.js';

/** When a value became active, when it stopped (null = current) and who wrote it. */
export interface ValueProvenance {
  activeFrom: string;
  activeUntil?: string | null;
  actor: AttioActor;
}

function typedValue(attributeType: string, fields: Record<string, unknown>, p: ValueProvenance): AttioValue {
  return {
    active_from: p.activeFrom,
    active_until: p.activeUntil ?? null,
    created_by_actor: p.actor,
    ...fields,
    attribute_type: attributeType,
  };
}

export const values = {
  text: (value: string, p: ValueProvenance) => typedValue('text', { value }, p),
  number: (value: number, p: ValueProvenance) => typedValue('number', { value }, p),
  checkbox: (value: boolean, p: ValueProvenance) => typedValue('checkbox', { value }, p),
  currency: (amount: number, code: string | null, p: ValueProvenance) =>
    typedValue('currency', { currency_value: amount, currency_code: code }, p),
  date: (value: string, p: ValueProvenance) => typedValue('date', { value }, p),
  timestamp: (value: string, p: ValueProvenance) => typedValue('timestamp', { value }, p),
  rating: (value: number, p: ValueProvenance) => typedValue('rating', { value }, p),
  status: (status: AttioStatus, p: ValueProvenance) => typedValue('status', { status }, p),
  select: (option: SelectOption, p: ValueProvenance) => typedValue('select', { option }, p),
  recordReference: (targetObject: string, targetRecordId: string, p: ValueProvenance) =>
    typedValue('record-reference', { target_object: targetObject, target_record_id: targetRecordId }, p),
  actorReference: (actorType: ActorType, actorId: string | null, p: ValueProvenance) =>
    typedValue('actor-reference', { referenced_actor_type: actorType, referenced_actor_id: actorId }, p),
  location: (fields: Partial<LocationFields>, p: ValueProvenance) => typedValue('location', { ...EMPTY_LOCATION, ...fields }, p),
  domain: (domain: string, p: ValueProvenance) => typedValue('domain', { domain, root_domain: rootDomain(domain) }, p),
  emailAddress: (original: string, p: ValueProvenance) => typedValue('email-address', emailFields(original), p),
  phoneNumber: (original: string, countryCode: string, p: ValueProvenance) =>
    typedValue(
      'phone-number',
      { original_phone_number: original, country_code: countryCode, phone_number: `+${original.replace(/\D/g, '')}` },
      p,
    ),
  interaction: (interactionType: string, interactedAt: string, owner: AttioActor, p: ValueProvenance) =>
    typedValue('interaction', { interaction_type: interactionType, interacted_at: interactedAt, owner_actor: owner }, p),
  personalName: (first: string, last: string, p: ValueProvenance) =>
    typedValue('personal-name', { first_name: first, last_name: last, full_name: `${first} ${last}`.trim() }, p),
};

export interface LocationFields {
  line_1: string | null;
  line_2: string | null;
  line_3: string | null;
  line_4: string | null;
  locality: string | null;
  region: string | null;
  postcode: string | null;
  country_code: string | null;
  latitude: string | null;
  longitude: string | null;
}

const EMPTY_LOCATION: LocationFields = {
  line_1: null,
  line_2: null,
  line_3: null,
  line_4: null,
  locality: null,
  region: null,
  postcode: null,
  country_code: null,
  latitude: null,
  longitude: null,
};

/** Good enough for the simulator's domains: the last two labels, or three for co.uk-style suffixes. */
export function rootDomain(domain: string): string {
  const labels = domain.toLowerCase().split('.');
  const twoPartSuffix = labels.length >= 3 && ['co', 'com', 'org', 'ac'].includes(labels[labels.length - 2] ?? '');
  return labels.slice(twoPartSuffix ? -3 : -2).join('.');
}

function emailFields(original: string): Record<string, string> {
  const normalized = original.toLowerCase();
  const [local = '', domain = ''] = normalized.split('@');
  return {
    original_email_address: original,
    email_address: normalized,
    email_domain: domain,
    email_root_domain: rootDomain(domain),
    email_local_specifier: local.split('+')[0] ?? local,
  };
}

/** True when the value is current (what records/query and GET record return). */
export function isActiveValue(value: AttioValue): boolean {
  return value.active_until === null || value.active_until === undefined;
}
