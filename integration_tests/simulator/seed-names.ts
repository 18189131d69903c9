// Word lists the seeder combines into plausible people, companies and text.

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger',
  'Radia', 'Tim', 'Katherine', 'John', 'Hedy', 'Donald', 'Sophie', 'Guido', 'Anita', 'Bjarne',
  'Karen', 'James', 'Joan', 'Niklaus', 'Shafi', 'Leslie', 'Adele', 'Vint', 'Mary', 'Whitfield',
  'José', 'Zoë', 'Søren', 'Łukasz', 'Amélie', 'Chloé', 'Björn', 'Ngozi', 'Hiroshi', 'Priya',
];

export const LAST_NAMES = [
  'Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra',
  'Perlman', 'Berners-Lee', 'Johnson', 'McCarthy', 'Lamarr', 'Knuth', 'Wilson', 'van Rossum', 'Borg', 'Stroustrup',
  'Spärck Jones', 'Gosling', 'Clarke', 'Wirth', 'Goldwasser', 'Lamport', 'Goldberg', 'Cerf', 'Keller', 'Diffie',
  "O'Neil", 'Müller', 'Nakamura', 'Okafor', 'Dubois', 'García', 'Kowalski', 'Andersen', 'Rao', 'Smith',
];

export const COMPANY_STEMS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent',
  'Vandelay', 'Wonka', 'Gringotts', 'Oscorp', 'Aperture', 'Massive', 'Dunder', 'Pied Piper', 'Bluth', 'Prestige',
  'Nimbus', 'Quartz', 'Lumen', 'Vertex', 'Orbit', 'Kestrel', 'Juniper', 'Cobalt', 'Harbor', 'Summit',
];

export const COMPANY_SUFFIXES = ['Labs', 'Inc', 'Systems', 'Analytics', 'Cloud', 'Works', 'AI', 'Group', 'Ventures', 'Health'];

export const JOB_TITLES = [
  'CEO', 'CTO', 'VP Engineering', 'Head of Sales', 'Account Executive', 'Software Engineer', 'Product Manager',
  'Designer', 'Customer Success Manager', 'Data Scientist', 'Founder', 'COO', 'Recruiter', 'Marketing Lead',
];

export const CITIES: { locality: string; region: string; country_code: string; postcode: string; latitude: string; longitude: string }[] = [
  { locality: 'London', region: 'England', country_code: 'GB', postcode: 'EC1V 9HX', latitude: '51.5074', longitude: '-0.1278' },
  { locality: 'San Francisco', region: 'CA', country_code: 'US', postcode: '94107', latitude: '37.7749', longitude: '-122.4194' },
  { locality: 'New York', region: 'NY', country_code: 'US', postcode: '10001', latitude: '40.7128', longitude: '-74.0060' },
  { locality: 'Berlin', region: 'Berlin', country_code: 'DE', postcode: '10115', latitude: '52.5200', longitude: '13.4050' },
  { locality: 'Paris', region: 'Île-de-France', country_code: 'FR', postcode: '75001', latitude: '48.8566', longitude: '2.3522' },
  { locality: 'Tokyo', region: 'Tokyo', country_code: 'JP', postcode: '100-0001', latitude: '35.6762', longitude: '139.6503' },
  { locality: 'Sydney', region: 'NSW', country_code: 'AU', postcode: '2000', latitude: '-33.8688', longitude: '151.2093' },
];

export const PHONE_FORMATS: { prefix: string; country: string }[] = [
  { prefix: '+44 20 7946 ', country: 'GB' },
  { prefix: '+1 415 555 ', country: 'US' },
  { prefix: '+49 30 901820', country: 'DE' },
  { prefix: '+33 1 70 36 ', country: 'FR' },
];

export const NOTE_TOPICS = [
  'Intro call', 'Quarterly review', 'Pricing discussion', 'Security questionnaire', 'Onboarding kickoff',
  'Renewal planning', 'Feature request', 'Churn risk', 'Reference call', 'Procurement update',
];

export const WEBHOOK_EVENTS = [
  'record.created', 'record.updated', 'record.deleted', 'list-entry.created', 'list-entry.updated',
  'note.created', 'task.created', 'comment.created', 'call-recording.created', 'workspace-member.created',
];
