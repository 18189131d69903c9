// The objects and lists of the seeded workspace: Attio's five standard objects with their shipped
// attributes, two custom objects (one with every attribute type) and three lists.
import type { AttributeSpec, ListSpec, ObjectSpec } from './attribute-spec.js';

const SOCIAL_ATTRIBUTES: AttributeSpec[] = [
  { slug: 'angellist', title: 'AngelList', type: 'text' },
  { slug: 'facebook', title: 'Facebook', type: 'text' },
  { slug: 'instagram', title: 'Instagram', type: 'text' },
  { slug: 'linkedin', title: 'LinkedIn', type: 'text' },
  { slug: 'twitter', title: 'Twitter', type: 'text' },
  { slug: 'twitter_follower_count', title: 'Twitter follower count', type: 'number', writable: false },
];

// Communication-intelligence attributes: Attio computes them, so they are never writable.
const INTERACTION_ATTRIBUTES: AttributeSpec[] = [
  { slug: 'first_calendar_interaction', title: 'First calendar interaction', type: 'interaction', writable: false },
  { slug: 'last_calendar_interaction', title: 'Last calendar interaction', type: 'interaction', writable: false },
  { slug: 'next_calendar_interaction', title: 'Next calendar interaction', type: 'interaction', writable: false },
  { slug: 'first_email_interaction', title: 'First email interaction', type: 'interaction', writable: false },
  { slug: 'last_email_interaction', title: 'Last email interaction', type: 'interaction', writable: false },
];

// Attio computes these from the team's email and calendar, on people and companies alike.
const CONNECTION_ATTRIBUTES: AttributeSpec[] = [
  {
    slug: 'strongest_connection_strength',
    title: 'Strongest connection strength',
    type: 'select',
    writable: false,
    options: ['Very weak', 'Weak', 'Good', 'Strong', 'Very strong'],
  },
  { slug: 'strongest_connection_user', title: 'Strongest connection user', type: 'actor-reference', writable: false },
];

/** One side of a two-way relationship: a record-reference to the object on the other side, whose attribute is `inverse`. */
function relationship(slug: string, title: string, [object, inverse]: [string, string], multi = false): AttributeSpec {
  return { slug, title, type: 'record-reference', ...(multi ? { multi } : {}), targets: [object], relationship: [object, inverse] };
}

export const PEOPLE: ObjectSpec = {
  slug: 'people',
  singular: 'Person',
  plural: 'People',
  attributes: [
    { slug: 'name', title: 'Name', type: 'personal-name' },
    { slug: 'email_addresses', title: 'Email addresses', type: 'email-address', multi: true, unique: true },
    { slug: 'description', title: 'Description', type: 'text' },
    relationship('company', 'Company', ['companies', 'team']),
    { slug: 'job_title', title: 'Job title', type: 'text' },
    { slug: 'avatar_url', title: 'Avatar URL', type: 'text', system: true, writable: false },
    { slug: 'phone_numbers', title: 'Phone numbers', type: 'phone-number', multi: true },
    { slug: 'primary_location', title: 'Primary location', type: 'location' },
    ...SOCIAL_ATTRIBUTES,
    ...INTERACTION_ATTRIBUTES,
    ...CONNECTION_ATTRIBUTES,
    relationship('associated_deals', 'Associated deals', ['deals', 'associated_people'], true),
    relationship('associated_users', 'Associated users', ['users', 'person'], true),
  ],
};

export const COMPANIES: ObjectSpec = {
  slug: 'companies',
  singular: 'Company',
  plural: 'Companies',
  attributes: [
    { slug: 'domains', title: 'Domains', type: 'domain', multi: true, unique: true },
    { slug: 'name', title: 'Name', type: 'text' },
    { slug: 'description', title: 'Description', type: 'text' },
    relationship('team', 'Team', ['people', 'company'], true),
    {
      slug: 'categories',
      title: 'Categories',
      type: 'select',
      multi: true,
      options: [
        'B2B',
        'B2C',
        'SaaS',
        'Fintech',
        'E-commerce',
        'Marketplace',
        'Hardware',
        'Healthcare',
        'Education',
        { title: 'Web3', archived: true },
      ],
    },
    { slug: 'primary_location', title: 'Primary location', type: 'location' },
    { slug: 'logo_url', title: 'Logo URL', type: 'text', system: true, writable: false },
    ...SOCIAL_ATTRIBUTES,
    {
      slug: 'estimated_arr_usd',
      title: 'Estimated ARR',
      type: 'select',
      writable: false,
      options: ['$0-$1M', '$1M-$10M', '$10M-$50M', '$50M-$100M', '$100M-$250M', '$250M-$500M', '$500M-$1B', '$1B-$10B', '$10B+'],
    },
    { slug: 'funding_raised_usd', title: 'Funding raised', type: 'currency', writable: false, defaultCurrency: 'USD' },
    { slug: 'foundation_date', title: 'Foundation date', type: 'date', writable: false },
    {
      slug: 'employee_range',
      title: 'Employee range',
      type: 'select',
      writable: false,
      options: ['1-10', '11-50', '51-250', '251-1K', '1K-5K', '5K-10K', '10K-50K', '50K-100K', '100K+'],
    },
    ...INTERACTION_ATTRIBUTES,
    ...CONNECTION_ATTRIBUTES,
    relationship('associated_deals', 'Associated deals', ['deals', 'associated_company'], true),
    relationship('associated_workspaces', 'Associated workspaces', ['workspaces', 'company'], true),
  ],
};

export const DEALS: ObjectSpec = {
  slug: 'deals',
  singular: 'Deal',
  plural: 'Deals',
  attributes: [
    { slug: 'name', title: 'Deal name', type: 'text', required: true },
    {
      slug: 'stage',
      title: 'Deal stage',
      type: 'status',
      required: true,
      statuses: [
        { title: 'Lead' },
        { title: 'In Progress', targetTime: 'P14D' },
        { title: 'Won 🎉', celebration: true },
        { title: 'Lost' },
        { title: 'Stalled', archived: true },
      ],
    },
    {
      slug: 'owner',
      title: 'Deal owner',
      type: 'actor-reference',
      required: true,
      defaultValue: { type: 'dynamic', template: 'current-user' },
    },
    { slug: 'value', title: 'Deal value', type: 'currency', defaultCurrency: 'USD' },
    relationship('associated_people', 'Associated people', ['people', 'associated_deals'], true),
    relationship('associated_company', 'Associated company', ['companies', 'associated_deals']),
  ],
};

export const USERS: ObjectSpec = {
  slug: 'users',
  singular: 'User',
  plural: 'Users',
  attributes: [
    relationship('person', 'Person', ['people', 'associated_users']),
    { slug: 'primary_email_address', title: 'Primary email address', type: 'email-address', required: true, unique: true },
    { slug: 'user_id', title: 'ID', type: 'text', required: true, unique: true },
    relationship('workspace', 'Workspace', ['workspaces', 'users'], true),
  ],
};

export const WORKSPACES: ObjectSpec = {
  slug: 'workspaces',
  singular: 'Workspace',
  plural: 'Workspaces',
  attributes: [
    { slug: 'workspace_id', title: 'Workspace ID', type: 'text', required: true, unique: true },
    { slug: 'name', title: 'Name', type: 'text' },
    relationship('users', 'Users', ['users', 'workspace'], true),
    relationship('company', 'Company', ['companies', 'associated_workspaces']),
    { slug: 'avatar_url', title: 'Avatar URL', type: 'text' },
  ],
};

/** One attribute of each of the 17 types, the multiselect forms Attio allows, and the awkward cases. */
export const KITCHEN_SINK: ObjectSpec = {
  slug: 'kitchen_sink',
  singular: 'Kitchen Sink',
  plural: 'Kitchen Sinks',
  attributes: [
    { slug: 'text', title: 'Text', type: 'text' },
    { slug: 'number', title: 'Number', type: 'number' },
    { slug: 'checkbox', title: 'Checkbox', type: 'checkbox' },
    { slug: 'currency', title: 'Currency', type: 'currency', defaultCurrency: 'EUR' },
    { slug: 'date', title: 'Date', type: 'date' },
    { slug: 'timestamp', title: 'Timestamp', type: 'timestamp' },
    { slug: 'rating', title: 'Rating', type: 'rating' },
    {
      slug: 'status',
      title: 'Status',
      type: 'status',
      statuses: ['Backlog', 'Doing', { title: 'Done', celebration: true }, { title: 'Abandoned', archived: true }],
    },
    { slug: 'select', title: 'Select', type: 'select', options: ['Red', 'Green', 'Blue', { title: 'Beige', archived: true }] },
    { slug: 'select_multi', title: 'Select (multi)', type: 'select', multi: true, options: ['Alpha', 'Beta', 'Gamma', 'Delta'] },
    { slug: 'record_reference', title: 'Record reference', type: 'record-reference', targets: ['people'] },
    { slug: 'record_reference_multi', title: 'Record references', type: 'record-reference', multi: true, targets: ['people', 'companies'] },
    { slug: 'actor_reference', title: 'Actor reference', type: 'actor-reference' },
    { slug: 'actor_reference_multi', title: 'Actor references', type: 'actor-reference', multi: true },
    { slug: 'location', title: 'Location', type: 'location' },
    { slug: 'domain', title: 'Domain', type: 'domain' },
    { slug: 'domain_multi', title: 'Domains', type: 'domain', multi: true },
    { slug: 'email_address', title: 'Email address', type: 'email-address' },
    { slug: 'email_address_multi', title: 'Email addresses', type: 'email-address', multi: true },
    { slug: 'phone_number', title: 'Phone number', type: 'phone-number' },
    { slug: 'phone_number_multi', title: 'Phone numbers', type: 'phone-number', multi: true },
    { slug: 'interaction', title: 'Interaction', type: 'interaction', writable: false },
    { slug: 'personal_name', title: 'Personal name', type: 'personal-name' },
    {
      slug: 'arr_usd',
      title: 'ARR (USD)',
      type: 'currency',
      defaultCurrency: 'USD',
      description: 'Annual recurring revenue; slug differs from title.',
    },
    { slug: 'legacy_code', title: 'Legacy code', type: 'text', archived: true, description: 'Archived: hidden unless show_archived=true.' },
  ],
};

export const PROJECTS: ObjectSpec = {
  slug: 'projects',
  singular: 'Project',
  plural: 'Projects',
  attributes: [
    { slug: 'name', title: 'Name', type: 'text', required: true },
    {
      slug: 'phase',
      title: 'Phase',
      type: 'status',
      statuses: ['Planned', 'Active', { title: 'Shipped', celebration: true }, 'Cancelled'],
    },
    { slug: 'budget', title: 'Budget', type: 'currency', defaultCurrency: 'GBP' },
    { slug: 'client', title: 'Client', type: 'record-reference', targets: ['companies'] },
    { slug: 'lead', title: 'Lead', type: 'actor-reference' },
    { slug: 'due_on', title: 'Due on', type: 'date' },
  ],
};

export const SALES_PIPELINE: ListSpec = {
  slug: 'sales_pipeline',
  name: 'Sales Pipeline',
  parentObject: 'companies',
  attributes: [
    {
      slug: 'stage',
      title: 'Stage',
      type: 'status',
      statuses: [
        'Prospecting',
        'Qualified',
        'Proposal',
        { title: 'Closed won', celebration: true },
        'Closed lost',
        { title: 'On hold', archived: true },
      ],
    },
    { slug: 'deal_value', title: 'Deal value', type: 'currency', defaultCurrency: 'USD' },
    { slug: 'priority', title: 'Priority', type: 'select', options: ['High', 'Medium', 'Low', { title: 'Urgent', archived: true }] },
    { slug: 'owner', title: 'Owner', type: 'actor-reference' },
    { slug: 'next_step', title: 'Next step', type: 'text' },
    { slug: 'expected_close', title: 'Expected close', type: 'date' },
  ],
};

export const RECRUITING: ListSpec = {
  slug: 'recruiting',
  name: 'Recruiting',
  parentObject: 'people',
  attributes: [
    {
      slug: 'stage',
      title: 'Stage',
      type: 'status',
      statuses: ['Sourced', 'Screening', 'Interview', 'Offer', { title: 'Hired', celebration: true }, 'Rejected'],
    },
    { slug: 'role', title: 'Role', type: 'select', options: ['Engineer', 'Designer', 'Account Executive', 'Support'] },
    { slug: 'rating', title: 'Rating', type: 'rating' },
    { slug: 'interviewed_at', title: 'Interviewed at', type: 'timestamp' },
    { slug: 'referrer', title: 'Referrer', type: 'record-reference', targets: ['people'] },
  ],
};

/** A list with nothing but the system attributes entry_id, created_at and created_by. */
export const WATCHLIST: ListSpec = {
  slug: 'watchlist',
  name: 'Watchlist',
  parentObject: 'people',
  attributes: [],
};

export const SEEDED_OBJECTS: ObjectSpec[] = [PEOPLE, COMPANIES, DEALS, USERS, WORKSPACES, KITCHEN_SINK, PROJECTS];
export const SEEDED_LISTS: ListSpec[] = [SALES_PIPELINE, RECRUITING, WATCHLIST];
