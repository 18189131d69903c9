// Seeds the records of the standard and custom objects and the list entries, with consistent
// two-way references, empty values, ties in created_at and some value history.
import { values, type ValueProvenance } from './attribute-values.js';
import type { ActorType, AttioActor, AttioStatus, AttioValue } from './model.js';
import { CITIES, COMPANY_STEMS, COMPANY_SUFFIXES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, PHONE_FORMATS } from './seed-names.js';
import { createdAtSeries } from './seed-timeline.js';
import type { AttributeModel, Workspace } from './workspace.js';

export interface SeedCounts {
  companies: number;
  people: number;
  deals: number;
  users: number;
  workspaces: number;
  kitchen_sink: number;
  projects: number;
  sales_pipeline: number;
  recruiting: number;
  watchlist: number;
}

export const DEFAULT_SEED_COUNTS: SeedCounts = {
  companies: 600,
  people: 1200,
  deals: 250,
  users: 12,
  workspaces: 8,
  kitchen_sink: 150,
  projects: 40,
  sales_pipeline: 540,
  recruiting: 150,
  watchlist: 35,
};

/** Ties straddling the 500-record page boundaries (positions 498..501 and 998..1001). */
const PAGE_BOUNDARY_TIES: [number, number][] = [
  [498, 501],
  [998, 1001],
];

interface Person {
  id: string;
  first: string;
  last: string;
  email: string;
  company?: number;
  deals: string[];
  users: string[];
}

interface Company {
  id: string;
  name: string;
  domain: string;
  team: string[];
  deals: string[];
  workspaces: string[];
}

export function seedRecords(ws: Workspace, memberActors: AttioActor[], counts: SeedCounts): void {
  const r = ws.random;
  const actorAt = (i: number): AttioActor => memberActors[i % memberActors.length] ?? ws.apiTokenActor;
  const option = (object: string, attribute: string, index: number) => pickChoice(attributeOf(ws, object, attribute).options, index);
  const status = (target: 'objects' | 'lists', slug: string, attribute: string, index: number) =>
    pickChoice(attributeOf(ws, slug, attribute, target).statuses, index);

  // Ids first, so both sides of every relationship can be written in one go.
  const companies: Company[] = Array.from({ length: counts.companies }, (_, i) => {
    const name = `${COMPANY_STEMS[i % COMPANY_STEMS.length]} ${COMPANY_SUFFIXES[Math.floor(i / COMPANY_STEMS.length) % COMPANY_SUFFIXES.length]}${i >= 300 ? ` ${Math.floor(i / 300) + 1}` : ''}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.${['com', 'io', 'co.uk', 'ai'][i % 4]}`;
    return { id: r.uuid(), name, domain, team: [], deals: [], workspaces: [] };
  });
  const people: Person[] = Array.from({ length: counts.people }, (_, i) => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Alex';
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'Doe';
    const company = r.chance(0.8) && companies.length > 0 ? r.int(companies.length) : undefined;
    const host = company === undefined ? 'example.org' : (companies[company]?.domain ?? 'example.org');
    const email = `${ascii(first)}.${ascii(last)}${i}@${host}`;
    return { id: r.uuid(), first, last, email, company, deals: [], users: [] };
  });
  people.forEach((person) => person.company !== undefined && companies[person.company]?.team.push(person.id));
  const deals = Array.from({ length: counts.deals }, () => {
    const company = r.int(companies.length);
    const pool = companies[company]?.team.length ? (companies[company]?.team ?? []) : people.map((p) => p.id);
    return { id: r.uuid(), company, people: r.sample(pool, r.between(1, 3)) };
  });
  const personById = new Map(people.map((p) => [p.id, p]));
  for (const deal of deals) {
    companies[deal.company]?.deals.push(deal.id);
    for (const id of deal.people) personById.get(id)?.deals.push(deal.id);
  }
  const workspaces = Array.from({ length: counts.workspaces }, (_, i) => ({
    id: r.uuid(),
    company: (i * 7) % companies.length,
    users: [] as string[],
  }));
  for (const w of workspaces) companies[w.company]?.workspaces.push(w.id);
  const users = Array.from({ length: counts.users }, (_, i) => {
    const person = people[(i * 37) % people.length] as Person;
    const workspace = workspaces[i % workspaces.length];
    const user = { id: r.uuid(), person, workspace: workspace?.id };
    workspace?.users.push(user.id);
    person.users.push(user.id);
    return user;
  });

  // Companies: 2023-01 .. ~2024-06.
  const companyTimes = createdAtSeries(r, '2023-01-02T09:00:00Z', companies.length, 70_000_000, PAGE_BOUNDARY_TIES, 8);
  companies.forEach((c, i) => {
    const createdAt = companyTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: actorAt(i) };
    const city = CITIES[i % CITIES.length];
    ws.insertRecord('companies', {
      record_id: c.id,
      created_at: createdAt,
      created_by: i % 9 === 0 ? { id: null, type: 'system' } : actorAt(i),
      values: {
        domains: i % 13 === 0 ? [] : [values.domain(c.domain, p), ...(i % 5 === 0 ? [values.domain(`app.${c.domain}`, p)] : [])],
        name: [values.text(c.name, p)],
        description:
          i % 3 === 0 ? [] : [values.text(`${c.name} builds ${['tools', 'platforms', 'APIs', 'hardware'][i % 4]} for modern teams.`, p)],
        team: c.team.map((id) => values.recordReference('people', id, p)),
        categories: r.sample([0, 1, 2, 3, 4, 5, 6, 7, 8], i % 4).map((k) => values.select(option('companies', 'categories', k), p)),
        primary_location: city && i % 4 !== 0 ? [values.location({ ...city, line_1: `${i + 1} Market Street` }, p)] : [],
        linkedin: i % 2 === 0 ? [values.text(`https://www.linkedin.com/company/${c.domain.split('.')[0]}`, p)] : [],
        twitter_follower_count: i % 6 === 0 ? [values.number(i * 31, p)] : [],
        estimated_arr_usd: i % 5 === 4 ? [] : [values.select(option('companies', 'estimated_arr_usd', i), p)],
        funding_raised_usd: i % 3 === 1 ? [values.currency(((i * 7919) % 500) * 100_000, 'USD', p)] : [],
        foundation_date: i % 2 === 1 ? [values.date(`${1990 + (i % 34)}-0${1 + (i % 9)}-1${i % 10}`, p)] : [],
        employee_range: [values.select(option('companies', 'employee_range', i), p)],
        last_email_interaction: i % 4 === 1 ? [values.interaction('email', shiftDays(createdAt, 20), actorAt(i + 1), p)] : [],
        strongest_connection_strength: i % 3 === 2 ? [values.select(option('companies', 'strongest_connection_strength', i), p)] : [],
        strongest_connection_user: i % 3 === 2 ? [actorValue(actorAt(i + 2), p)] : [],
        associated_deals: c.deals.map((id) => values.recordReference('deals', id, p)),
        associated_workspaces: c.workspaces.map((id) => values.recordReference('workspaces', id, p)),
      },
    });
  });

  // People: 2023-03 .. ~2024-09, two tie groups on the 500-record page boundaries.
  const personTimes = createdAtSeries(r, '2023-03-01T08:30:00Z', people.length, 40_000_000, PAGE_BOUNDARY_TIES, 12);
  people.forEach((person, i) => {
    const createdAt = personTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: actorAt(i) };
    const city = CITIES[(i * 3) % CITIES.length];
    const phone = PHONE_FORMATS[i % PHONE_FORMATS.length];
    const email: AttioValue[] = i % 17 === 0 ? [] : [values.emailAddress(person.email, p)];
    if (i % 10 === 3) {
      // An address the person used to have: history only, never in records/query answers.
      email.unshift(values.emailAddress(`${ascii(person.first)}@old-employer.example`, { ...p, activeUntil: shiftDays(createdAt, 30) }));
    }
    if (i % 7 === 0 && email.length > 0) email.push(values.emailAddress(`${ascii(person.first)}+${i}@gmail.com`, p));
    ws.insertRecord('people', {
      record_id: person.id,
      created_at: createdAt,
      created_by: actorAt(i),
      values: {
        name: [values.personalName(person.first, i % 50 === 49 ? '' : person.last, p)],
        email_addresses: email,
        description: i % 4 === 0 ? [values.text(`Met at ${['SaaStr', 'Web Summit', 'a dinner', 'a webinar'][i % 4]}.`, p)] : [],
        company: person.company === undefined ? [] : [values.recordReference('companies', companies[person.company]?.id ?? '', p)],
        job_title: i % 6 === 5 ? [] : jobTitleWithHistory(i, p),
        phone_numbers:
          phone && i % 3 !== 0 ? [values.phoneNumber(`${phone.prefix}${String(1000 + (i % 9000)).slice(-4)}`, phone.country, p)] : [],
        primary_location:
          city && i % 2 === 0
            ? [values.location({ locality: city.locality, region: city.region, country_code: city.country_code }, p)]
            : [],
        linkedin: i % 3 === 1 ? [values.text(`https://www.linkedin.com/in/${ascii(person.first)}-${ascii(person.last)}-${i}`, p)] : [],
        twitter: i % 8 === 2 ? [values.text(`@${ascii(person.first)}${i}`, p)] : [],
        first_email_interaction: i % 5 === 0 ? [values.interaction('email', shiftDays(createdAt, 1), actorAt(i), p)] : [],
        last_calendar_interaction: i % 9 === 0 ? [values.interaction('calendar-event', shiftDays(createdAt, 14), actorAt(i + 3), p)] : [],
        strongest_connection_strength: i % 4 === 2 ? [values.select(option('people', 'strongest_connection_strength', i), p)] : [],
        strongest_connection_user: i % 4 === 2 ? [actorValue(actorAt(i + 1), p)] : [],
        associated_deals: person.deals.map((id) => values.recordReference('deals', id, p)),
        associated_users: person.users.map((id) => values.recordReference('users', id, p)),
      },
    });
  });

  const dealTimes = createdAtSeries(r, '2023-06-01T10:00:00Z', deals.length, 120_000_000, [], 3);
  deals.forEach((deal, i) => {
    const createdAt = dealTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: actorAt(i) };
    // Stages after "Lead" were reached a week later; the earlier stages stay as history: Lead, and for
    // won and lost deals "In Progress" from day 3, each value ending where the next begins.
    const movedAt = shiftDays(createdAt, 7);
    const stage: AttioValue[] = [values.status(status('objects', 'deals', 'stage', i % 4), i % 4 >= 1 ? { ...p, activeFrom: movedAt } : p)];
    if (i % 4 >= 2) {
      const midAt = shiftDays(createdAt, 3);
      stage.unshift(
        values.status(status('objects', 'deals', 'stage', 0), { ...p, activeUntil: midAt }),
        values.status(status('objects', 'deals', 'stage', 1), { ...p, activeFrom: midAt, activeUntil: movedAt }),
      );
    } else if (i % 4 === 1) stage.unshift(values.status(status('objects', 'deals', 'stage', 0), { ...p, activeUntil: movedAt }));
    ws.insertRecord('deals', {
      record_id: deal.id,
      created_at: createdAt,
      created_by: actorAt(i),
      values: {
        name: [values.text(`${companies[deal.company]?.name ?? 'Deal'} — ${['Pilot', 'Expansion', 'Renewal', 'Enterprise'][i % 4]}`, p)],
        stage,
        owner: [actorValue(actorAt(i + 4), p)],
        value: i % 10 === 9 ? [] : [values.currency(((i * 104729) % 900) * 250 + 0.5, 'USD', p)],
        associated_people: deal.people.map((id) => values.recordReference('people', id, p)),
        associated_company: [values.recordReference('companies', companies[deal.company]?.id ?? '', p)],
      },
    });
  });

  const workspaceTimes = createdAtSeries(r, '2023-04-01T12:00:00Z', workspaces.length, 900_000_000);
  workspaces.forEach((w, i) => {
    const createdAt = workspaceTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: { id: null, type: 'system' } };
    ws.insertRecord('workspaces', {
      record_id: w.id,
      created_at: createdAt,
      created_by: { id: null, type: 'system' },
      values: {
        workspace_id: [values.text(`ws_${1000 + i}`, p)],
        name: [values.text(`${companies[w.company]?.name ?? 'Team'} workspace`, p)],
        users: w.users.map((id) => values.recordReference('users', id, p)),
        company: [values.recordReference('companies', companies[w.company]?.id ?? '', p)],
        avatar_url: i % 2 === 0 ? [values.text(`https://cdn.example.com/ws/${i}.png`, p)] : [],
      },
    });
  });

  const userTimes = createdAtSeries(r, '2024-10-01T12:00:00Z', users.length, 200_000_000);
  users.forEach((u, i) => {
    const createdAt = userTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: { id: null, type: 'app' } };
    ws.insertRecord('users', {
      record_id: u.id,
      created_at: createdAt,
      created_by: { id: ws.apiTokenActor.id, type: 'app' },
      values: {
        person: [values.recordReference('people', u.person.id, p)],
        primary_email_address: [values.emailAddress(u.person.email, p)],
        user_id: [values.text(`usr_${(i + 1).toString(36).padStart(6, '0')}`, p)],
        workspace: u.workspace ? [values.recordReference('workspaces', u.workspace, p)] : [],
      },
    });
  });

  seedKitchenSink(
    ws,
    memberActors,
    people.map((p) => p.id),
    companies.map((c) => c.id),
    counts.kitchen_sink,
  );
  seedProjects(
    ws,
    memberActors,
    companies.map((c) => c.id),
    counts.projects,
  );
  seedEntries(
    ws,
    memberActors,
    companies.map((c) => c.id),
    people.map((p) => p.id),
    counts,
  );
}

function seedKitchenSink(ws: Workspace, actors: AttioActor[], people: string[], companies: string[], count: number): void {
  const r = ws.random;
  const times = createdAtSeries(r, '2024-02-01T00:00:00Z', count, 30_000_000, [], 2);
  const sink = (slug: string) => attributeOf(ws, 'kitchen_sink', slug);
  for (let i = 0; i < count; i++) {
    const createdAt = times[i] as string;
    const actor = actors[i % actors.length] ?? ws.apiTokenActor;
    const p: ValueProvenance = { activeFrom: createdAt, actor: i % 11 === 4 ? { id: null, type: null } : actor };
    if (i % 10 === 0) {
      ws.insertRecord('kitchen_sink', { created_at: createdAt, created_by: actor }); // every attribute empty
      continue;
    }
    const later = shiftDays(createdAt, 3);
    const text: AttioValue[] = [values.text(kitchenText(i), i % 4 === 1 ? { ...p, activeFrom: later } : p)];
    if (i % 4 === 1) text.unshift(values.text(`draft ${i}`, { ...p, activeUntil: later }));
    const status: AttioValue[] = [values.status(pickChoice(sink('status').statuses, i), i % 5 === 2 ? { ...p, activeFrom: later } : p)];
    if (i % 5 === 2) status.unshift(values.status(pickChoice(sink('status').statuses, i + 1), { ...p, activeUntil: later }));
    const city = CITIES[i % CITIES.length];
    ws.insertRecord('kitchen_sink', {
      created_at: createdAt,
      created_by: actor,
      values: {
        text,
        // biome-ignore lint/suspicious/noApproximativeNumericConstant: a decimal the expected records pin, not π
        number: [values.number([0, -17.25, 1e15, 3.14159, i * 1.5][i % 5] ?? 0, p)],
        checkbox: [values.checkbox(i % 2 === 0, p)],
        currency: [values.currency(Math.round(i * 1234.5678) / 10_000, i % 6 === 5 ? null : 'EUR', p)],
        date: [values.date(createdAt.slice(0, 10), p)],
        timestamp: i % 7 === 6 ? [] : [values.timestamp(shiftDays(createdAt, -i), p)],
        rating: [values.rating(i % 6, p)],
        status,
        select: i % 3 === 0 ? [] : [values.select(pickChoice(sink('select').options, i), p)],
        select_multi: r.sample(sink('select_multi').options, i % 4).map((o) => values.select(o, p)),
        record_reference: [values.recordReference('people', people[i % people.length] ?? '', p)],
        record_reference_multi: [
          values.recordReference('people', people[(i * 7) % people.length] ?? '', p),
          values.recordReference('companies', companies[(i * 3) % companies.length] ?? '', p),
        ].slice(0, i % 3),
        actor_reference: [actorValue(actor, p)],
        actor_reference_multi: [actorValue(actor, p), actorValue(ws.apiTokenActor, p), values.actorReference('system', null, p)].slice(
          0,
          i % 4,
        ),
        location:
          i % 3 === 0 || !city
            ? [values.location({ country_code: 'GB' }, p)]
            : [values.location({ ...city, line_1: `${i} High St`, line_2: 'Unit 4', line_3: null }, p)],
        domain: [values.domain(`sink${i}.example.com`, p)],
        domain_multi: [values.domain(`a${i}.example.co.uk`, p), values.domain(`b${i}.example.io`, p)].slice(0, i % 3),
        email_address: [values.emailAddress(`Sink.User+${i}@Example.COM`, p)],
        email_address_multi: [values.emailAddress(`one${i}@example.com`, p), values.emailAddress(`two${i}@example.org`, p)].slice(0, i % 3),
        phone_number: [values.phoneNumber(`+44 20 7946 ${String(i).padStart(4, '0')}`, 'GB', p)],
        phone_number_multi: [values.phoneNumber(`+1 415 555 ${String(i).padStart(4, '0')}`, 'US', p)].slice(0, i % 2),
        interaction: [
          values.interaction(
            ['calendar-event', 'call', 'chat-thread', 'email', 'in-person-meeting', 'meeting'][i % 6] ?? 'email',
            shiftDays(createdAt, 2),
            i % 2 === 0 ? actor : { id: null, type: null },
            p,
          ),
        ],
        personal_name: [
          values.personalName(FIRST_NAMES[i % FIRST_NAMES.length] ?? 'A', i % 9 === 0 ? '' : (LAST_NAMES[i % LAST_NAMES.length] ?? 'B'), p),
        ],
        arr_usd: i % 4 === 0 ? [] : [values.currency(i * 10_000, 'USD', p)],
      },
    });
  }
}

function seedProjects(ws: Workspace, actors: AttioActor[], companies: string[], count: number): void {
  const times = createdAtSeries(ws.random, '2024-05-01T09:00:00Z', count, 200_000_000);
  const phases = attributeOf(ws, 'projects', 'phase').statuses;
  for (let i = 0; i < count; i++) {
    const createdAt = times[i] as string;
    const actor = actors[i % actors.length] ?? ws.apiTokenActor;
    const p: ValueProvenance = { activeFrom: createdAt, actor };
    ws.insertRecord('projects', {
      created_at: createdAt,
      created_by: actor,
      values: {
        name: [values.text(`Project ${['Apollo', 'Gemini', 'Mercury', 'Artemis', 'Voyager'][i % 5]} ${i + 1}`, p)],
        phase: [values.status(pickChoice(phases, i), p)],
        budget: i % 3 === 0 ? [] : [values.currency(5000 * (i + 1), 'GBP', p)],
        client: [values.recordReference('companies', companies[(i * 11) % companies.length] ?? '', p)],
        lead: [actorValue(actors[(i + 1) % actors.length] ?? actor, p)],
        due_on: [values.date(shiftDays(createdAt, 45).slice(0, 10), p)],
      },
    });
  }
}

function seedEntries(ws: Workspace, actors: AttioActor[], companies: string[], people: string[], counts: SeedCounts): void {
  const r = ws.random;
  const actorAt = (i: number) => actors[i % actors.length] ?? ws.apiTokenActor;
  const pipeline = (slug: string) => attributeOf(ws, 'sales_pipeline', slug, 'lists');
  const pipelineParents = r.sample(companies, counts.sales_pipeline);
  const pipelineTimes = createdAtSeries(r, '2024-07-01T08:00:00Z', pipelineParents.length, 20_000_000, PAGE_BOUNDARY_TIES, 4);
  pipelineParents.forEach((parent, i) => {
    const createdAt = pipelineTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: actorAt(i) };
    const movedAt = shiftDays(createdAt, 5);
    const stage: AttioValue[] = [
      values.status(pickChoice(pipeline('stage').statuses, i % 5), i % 3 === 1 ? { ...p, activeFrom: movedAt } : p),
    ];
    if (i % 3 === 1) stage.unshift(...earlierStages(pipeline('stage').statuses, i % 5, createdAt, movedAt, p));
    ws.insertEntry('sales_pipeline', {
      parent_record_id: parent,
      created_at: createdAt,
      created_by: actorAt(i),
      entry_values: {
        stage,
        deal_value: i % 6 === 0 ? [] : [values.currency(1000 * ((i % 97) + 1), 'USD', p)],
        priority: i % 4 === 3 ? [] : [values.select(pickChoice(pipeline('priority').options, i), p)],
        owner: [actorValue(actorAt(i + 2), p)],
        next_step: i % 2 === 0 ? [values.text(['Send proposal', 'Book demo', 'Security review', 'Chase signature'][i % 4] ?? '', p)] : [],
        expected_close: i % 5 === 0 ? [] : [values.date(shiftDays(createdAt, 30 + (i % 60)).slice(0, 10), p)],
      },
    });
  });

  const recruiting = (slug: string) => attributeOf(ws, 'recruiting', slug, 'lists');
  const candidates = r.sample(people, counts.recruiting);
  const recruitingTimes = createdAtSeries(r, '2024-08-01T08:00:00Z', candidates.length, 50_000_000, [], 2);
  candidates.forEach((parent, i) => {
    const createdAt = recruitingTimes[i] as string;
    const p: ValueProvenance = { activeFrom: createdAt, actor: actorAt(i) };
    ws.insertEntry('recruiting', {
      parent_record_id: parent,
      created_at: createdAt,
      created_by: actorAt(i),
      entry_values: {
        stage: [values.status(pickChoice(recruiting('stage').statuses, i), p)],
        role: [values.select(pickChoice(recruiting('role').options, i), p)],
        rating: i % 3 === 0 ? [] : [values.rating((i % 5) + 1, p)],
        interviewed_at: i % 2 === 0 ? [values.timestamp(shiftDays(createdAt, 4), p)] : [],
        referrer: i % 5 === 0 ? [values.recordReference('people', people[(i * 13) % people.length] ?? '', p)] : [],
      },
    });
  });

  const watched = r.sample(people, counts.watchlist);
  const watchTimes = createdAtSeries(r, '2024-09-01T08:00:00Z', watched.length, 80_000_000, [[10, 11]]);
  watched.forEach((parent, i) =>
    ws.insertEntry('watchlist', { parent_record_id: parent, created_at: watchTimes[i] as string, created_by: actorAt(i) }),
  );
}

/**
 * The stages a pipeline entry went through before reaching stage `current` at `movedAt`, as history
 * values that tile [createdAt, movedAt): Prospecting first, then the stages in between (Closed lost
 * skips Closed won; an entry back in Prospecting went through Qualified).
 */
function earlierStages(statuses: AttioStatus[], current: number, createdAt: string, movedAt: string, p: ValueProvenance): AttioValue[] {
  const path = current === 0 ? [0, 1] : current === 4 ? [0, 1] : Array.from({ length: current }, (_, k) => k);
  const spanHours = 120 / path.length; // movedAt is five days after createdAt
  return path.map((index, k) =>
    values.status(pickChoice(statuses, index), {
      ...p,
      activeFrom: k === 0 ? createdAt : shiftHours(createdAt, k * spanHours),
      activeUntil: k === path.length - 1 ? movedAt : shiftHours(createdAt, (k + 1) * spanHours),
    }),
  );
}

export function attributeOf(ws: Workspace, slug: string, attribute: string, target: 'objects' | 'lists' = 'objects'): AttributeModel {
  const found = ws.findAttributes(target, slug)?.find((m) => m.attribute.api_slug === attribute);
  if (!found) throw new Error(`seed: no attribute ${slug}.${attribute}`);
  return found;
}

/** A non-archived choice, cycling by index. */
function pickChoice<T extends { is_archived: boolean }>(choices: T[], index: number): T {
  const live = choices.filter((c) => !c.is_archived);
  const choice = live[((index % live.length) + live.length) % live.length];
  if (!choice) throw new Error('seed: attribute has no choices');
  return choice;
}

export function actorValue(actor: AttioActor, p: ValueProvenance): AttioValue {
  return values.actorReference((actor.type ?? 'system') as ActorType, actor.id ?? null, p);
}

function jobTitleWithHistory(i: number, p: ValueProvenance): AttioValue[] {
  const current = values.text(JOB_TITLES[i % JOB_TITLES.length] ?? 'Engineer', p);
  if (i % 8 !== 1) return [current];
  return [values.text(`Junior ${JOB_TITLES[(i + 3) % JOB_TITLES.length]}`, { ...p, activeUntil: p.activeFrom }), current];
}

function kitchenText(i: number): string {
  if (i % 9 === 8) return '';
  if (i === 7) return 'Lorem ipsum dolor sit amet. '.repeat(180);
  if (i % 3 === 2) return `Grüße 👋 "quoted" line one\nline two\t#${i} <b>not html</b> \\ back`;
  return `Kitchen sink item ${i}`;
}

/** The timestamp `hours` whole hours later with the same nanosecond digits. */
function shiftHours(timestamp: string, hours: number): string {
  const ms = Date.parse(`${timestamp.slice(0, 23)}Z`) + hours * 3_600_000;
  return `${new Date(ms).toISOString().slice(0, 23)}${timestamp.slice(23)}`;
}

/** The timestamp `days` days later (or earlier) with the same nanosecond digits. */
export function shiftDays(timestamp: string, days: number): string {
  const ms = Date.parse(`${timestamp.slice(0, 23)}Z`) + days * 86_400_000;
  return `${new Date(ms).toISOString().slice(0, 23)}${timestamp.slice(23)}`;
}

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
