// Every text a user can read: a TRACE error's message, a CONNECTION_STATUS text, an INFO, WARN or ERROR log line,
// and the pieces they are built from. One table, so a wording lives in one place and docs/attio.md's
// troubleshooting section is checked against it (integration_tests/docs.test.ts). `{name}` is a slot `say` fills.
// ConnectorError, the Logger and connectionStatus accept only a UserMessage, which only `say` makes: a message
// written anywhere else does not compile. Debug logs and internal messages (for the logs, not the user) are free text.

export const MESSAGES = {
  // ---- command line and input files --------------------------------------------------------------------------
  usage:
    'Usage: source-attio spec | check --config CONFIG | discover --config CONFIG | read --config CONFIG --catalog CATALOG [--state STATE]',
  argumentsInvalid: '{problem}. {usage}',
  commandMissing: 'No command given. {usage}',
  commandUnknown: 'Unknown command "{command}". {usage}',
  argumentUnexpected: 'Unexpected argument "{argument}". {usage}',
  configFlagMissing: 'This command needs --config. {usage}',
  catalogFlagMissing: 'read needs --catalog. {usage}',
  fileUnreadable: 'Cannot read the {what} file "{path}": {reason}.',
  fileTooLarge:
    'The {what} file "{path}" is larger than {limit}, the most the connector reads for a {what}: check that --{what} names the right file.',
  fileEmpty: 'The {what} file "{path}" is empty; it must hold a JSON object.',
  fileNotJson: 'The {what} file "{path}" is not valid JSON ({detail}).',
  // Instead of V8's parse error, which quotes the text around the error: in a config file, part of the key.
  configJsonHint: 'check its quotes, commas and braces; the API key must be a quoted string',

  // ---- the config ----------------------------------------------------------------------------------------------
  configNotObject: 'The config must be a JSON object with at least "api_key".',
  configInvalid: 'The config is not valid: {problems}.',
  configFieldProblem: '"{field}" {problem}',
  fieldRequired: 'is required',
  fieldWrongType: 'must be a {type}',
  apiKeyNotAlone: 'must be the key alone, without spaces or line breaks inside it',
  apiKeyEmpty: 'is empty: paste an Attio API key (Workspace settings → Developers → Access tokens)',
  apiKeyTooShort: 'is too short to be an Attio API key (at least {min} characters): copy the whole key',
  startDateFormat: 'must be an ISO-8601 date or UTC timestamp, e.g. 2024-01-01T00:00:00Z',
  startDateInvalid: 'is not a valid date',
  pageSizeTooSmall:
    'must be at least 2: consecutive pages overlap by one record, which is how the connector sees records deleted during a read',
  historyAttributeFormat: 'must be "<object or list slug>.<attribute slug>", e.g. deals.value',
  baseUrlNotHttp: 'must be an http or https URL',
  baseUrlWithQuery: 'must not have a query (?…) or fragment (#…): give the address of the API only',

  // ---- the configured catalog ----------------------------------------------------------------------------------
  catalogInvalid: 'The configured catalog is not valid: {problems}.',
  catalogSyncModeInvalid: '{path} must be "full_refresh" or "incremental"',
  catalogStreamTwice: 'The configured catalog lists stream "{stream}" twice.',

  // ---- the state file and a stream's state ---------------------------------------------------------------------
  stateNotJson: 'The state file is not valid JSON. Pass the state Airbyte saved, or no --state to start fresh.',
  stateNotList: 'The state file must hold a JSON list of state messages (or an object keyed by stream name).',
  stateMessageNotObject: 'The state file is not valid: {where} is not an object.',
  stateStreamUnnamed: 'The state file is not valid: {where} has type STREAM but no stream.stream_descriptor.name.',
  stateGlobalWithoutList: 'The state file is not valid: {where} has type GLOBAL but no global.stream_states list.',
  stateGlobalEntryUnnamed: "The state file is not valid: an entry of {where}'s global.stream_states has no stream_descriptor.name.",
  stateLegacyDataNotObject: "The state file is not valid: {where}'s data is not an object.",
  stateTypeUnknown: 'The state file is not valid: {where} has unknown type {type} (expected STREAM, GLOBAL or LEGACY).',
  stateLegacyEntryNotObject: 'The state file is not valid: in {where}, the state of stream "{stream}" is not an object.',
  streamStateNotObject: 'The state file is not valid: the stream_state of "{stream}" is not an object.',
  stateNamesUnknownStream: 'The state names stream "{stream}", which is not in the configured catalog; it is ignored.',
  cursorStateNotTimestamp:
    'The state of stream "{stream}" is not valid: "{field}" must be an ISO-8601 timestamp, got {value}. Reset the stream to start over.',
  cursorStateIdsInvalid:
    'The state of stream "{stream}" is not valid: "ids_at_created_at" must be a list of ids. Reset the stream to start over.',
  cursorStateAfterIdInvalid:
    'The state of stream "{stream}" is not valid: "after_id_at_created_at" must be an id. Reset the stream to start over.',
  cursorStateWithoutCursor:
    'The state of stream "{stream}" is not valid: it has neither "{cursor}" nor "created_at". Reset the stream to start over.',
  streamStatePartInvalid:
    'The state of stream "{stream}" is not valid: its "{field}" is not what this connector saves there. Reset the stream to start over.',
  mirrorRestarted:
    'Stream "{stream}": {why} since the previous sync, so its row sketch starts over: every row is sent again, and rows deleted in Attio since the previous sync are not found; refresh the stream to remove them.',
  mirrorWhyStartDate: 'start_date changed',
  mirrorWhyColumns: 'its selected columns changed',
  mirrorWhyUnreadable: 'its saved row sketch is not one this version reads',
  mirrorUndecodable:
    'Stream "{stream}": more rows changed since the previous sync than its row sketch could tell apart, so every row is sent again and rows deleted in Attio since then could not be determined; refresh the stream to remove them. The next sketch is sized for this change.',
  mirrorMassDeletion:
    'Stream "{stream}": {gone} of its {rows} rows are gone from Attio since the previous sync, more than half, so no deletion is sent for them (held back as suspicious, and looked at again next sync); if they really were deleted, set allow_mass_deletions in the config, or refresh the stream.',
  cursorSwitched:
    'Stream "{stream}": the saved state is for the {from} cursor, not {to}; this sync starts over without it (every row, from start_date if set) and saves a {to} cursor.',

  // ---- the API key and its scopes ------------------------------------------------------------------------------
  keyInactive: 'Attio says this API key is not active (revoked or expired). Create a new access token.',
  keyInactiveCheck:
    'Attio says this API key is not active: it was revoked, has expired, or belongs to an uninstalled app. Create a new access token in Attio (Workspace settings → Developers) and update the config.',
  checkReadable: 'Connected to Attio workspace "{workspace}" ({slug}). Every stream is readable.',
  checkUnavailable: 'Connected to Attio workspace "{workspace}" ({slug}). Streams unavailable for lack of scope: {streams}.',
  checkBaseUrl:
    "{failure} Check base_url: it must be the address of Attio's API ({defaultUrl}) or of a proxy in front of it, with no path of its own unless the proxy needs one.",
  leftOutForScope: 'Stream {stream} left out of the catalog: the API key lacks scope {scopes}.',
  leftOutBeta:
    'Stream {stream} left out of the catalog: Attio answered {status} on {route} (a beta endpoint this workspace or API key is not offered).',

  // ---- a stream's read -----------------------------------------------------------------------------------------
  streamFailed: 'Stream "{stream}" failed: {failure}',
  streamWarning: 'Stream "{stream}": {warning}',
  syncIncomplete: '{count} stream(s) did not sync completely: {streams}. First error: {first}',
  streamForbidden:
    'Stream "{stream}" cannot be read: Attio refused access (403).{attio} This stream needs the scopes {scopes}; grant the missing one to the API key, or deselect the stream.',
  streamLacksScope: 'Stream "{stream}" cannot be read: the API key lacks scope {scopes}. Add it in Attio and retry.',
  streamNotOffered:
    'Stream "{stream}" is not offered by this workspace (an object or list that was deleted or renamed?). Refresh the source schema in the connection settings.',
  betaSkipped:
    'Stream "{stream}" is skipped: Attio answered {status} on {route}, a beta endpoint this workspace or API key is not offered any more. Refresh the source schema.',
  noCursorFullRefresh: 'Stream "{stream}" has no cursor (Attio gives it no created_at order), so it is read in full refresh.',
  cursorUnsupported:
    'Stream "{stream}" cannot use {field} as its cursor: its cursors are {cursors}. Pick one of them as the stream\'s cursor in the connection settings.',
  cursorListDefault: '{cursor} (the default)',
  unknownColumnsSelected:
    'Stream "{stream}": the catalog selects columns this stream does not have ({columns}); refresh the source schema.',
  attributeNotInCatalog:
    'Stream "{stream}": attribute "{slug}" is not in the catalog (created after discovery); refresh the source schema to sync it.',
  attributeColumnRenamed: 'Attio attribute "{slug}" has the name of a metadata column; its column is named "{column}".',
  attributeSlugShared: 'Several Attio attributes have the api_slug "{slug}"; only attribute {attribute} gets a column.',
  attributeTypeUnknown:
    'Attio attribute type "{type}" is unknown to this connector; column(s) {columns} carry the active values as raw JSON.',
  idSortRefused: 'Attio refused to sort by {attribute}; records sharing a created_at are paged by created_at alone.',
  unorderedTie:
    '{size} records share created_at {at} and Attio refused to sort them by {attribute}; only {seen} of them could be read in {passes} passes, so the stream was stopped rather than miss the rest. Try again later{advice}.',
  unorderedTieAdvice: ', or set page_size to at least {size}',
  outOfOrder:
    'Attio returned records out of created_at order ({after} after {before}); the stream was stopped rather than risk losing records. Try again later.',
  itemNotObject:
    'Attio returned an item that is not a JSON object; it cannot be read, so the stream was stopped. Try again later, or report it with the logs.',
  itemWithoutKey: 'Attio returned an item with {missing}; it cannot be ordered or keyed, so the stream was stopped.',
  itemUnorderable:
    'Stream "{stream}": Attio returned an item without a valid created_at or {key}; it cannot be ordered or keyed, so the stream was stopped rather than checkpoint a wrong state.',
  itemUnexpectedShape:
    'Stream "{stream}": Attio returned an item of an unexpected shape; the stream was stopped. Try again later, or report it with the logs.',
  pagingLoop: 'Attio {loop}, so the read would never end; it was stopped. This is an Attio fault or a proxy in the way: try again later.',
  loopShifting: 'kept shifting under the read (offset {offset})',
  loopSameItems: 'returned the same items again at offset {offset}',
  loopSameRecords: 'returned the same records again and again (offset ignored?)',
  loopCursorRepeated: 'handed back a page cursor it had already given',
  filesPerObject:
    'Stream "{stream}": Attio lists the files of a whole object, so they are read in one listing (about one request per 200 files).',
  filesPerRecord:
    'Stream "{stream}": Attio answered 400 to a files listing without record_id, so files are read with one listing per record of the object (at least one request per record).',
  transcriptsMissing:
    'Stream "call_recording_transcripts": {count} completed call recording(s) have no transcript (Attio answered 404); they are skipped.',
  historyNotOffered:
    'The history of {attribute} is not offered: Attio keeps no history of interaction and enriched attributes (it answers 400 for them).',
  historyAttributeUnknown:
    'history_attributes names "{name}", which is no attribute of an object or list this API key can read; it is ignored.',
  historyRefused: 'Stream "{stream}": Attio refuses the history of attribute "{slug}" (HTTP 400).{attio} The stream is left empty.',

  // ---- requests to Attio (the status policy's advice, attio/status-policy.ts) ----------------------------------
  rateLimitWait: 'Attio rate limit hit on {route}; waiting {ms} ms as Retry-After asks.',
  retrying: '{failure}; retrying ({left} retries left).',
  rateLimitExhausted: "Attio's rate limit was still exceeded after waiting {attempts} time(s).{attio} Try again later.",
  keyRejected:
    'Attio rejected the API key (HTTP 401{code}{inARow}).{attio} Check that the key is correct and has not been revoked or expired.',
  keyRejectedInARow: ', on {attempts} attempts in a row',
  accessRefused:
    "Attio refused access (HTTP 403{code}).{attio} The API key lacks a scope this request needs; add it in Attio's developer settings.",
  serverFailed: 'Attio answered {status} on {route} after {attempts} attempt(s).{attio} This is usually temporary; try again later.',
  requestRefused: 'Attio answered HTTP {status}{code} on {route}.{attio}',
  unreachable:
    'Could not reach Attio after {attempts} attempt(s): {detail}. Check the network path to the API base URL, or try again later.',
  requestUnbuildable: 'The request to Attio could not be built: {detail}. Check the API key and base_url in the config.',
  responseTooLarge:
    "Attio's answer to {route} is larger than {limitMiB} MiB, the most the connector reads from one response (a page of 500 records is a few MB), so it was abandoned. If base_url points at a proxy, check that it passes Attio's answers through unchanged; if the stream's records are very large, lower page_size.",
  unexpectedBody:
    "Attio answered {route} with {status} but not with what the connector expects: {expected}. Check that base_url is Attio's API (or a proxy passing its answers through unchanged); otherwise report it.",
  attioFailedUnexpectedly: 'Unexpected failure while calling Attio.',
  attioSays: ' Attio says: "{message}"{stop}',

  // ---- anything else -------------------------------------------------------------------------------------------
  connectorFailed: 'Something went wrong in the connector. See the logs for details.',
} as const;

export type MessageId = keyof typeof MESSAGES;

/** The slot names of a template: `'a {x} b {y}'` → `'x' | 'y'`. */
type Slots<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Slots<Rest> : never;
type SlotValues<K extends MessageId> = Record<Slots<(typeof MESSAGES)[K]>, string | number>;

declare const fromCatalogue: unique symbol;
/** A text made by `say` from a row of MESSAGES: the only kind the user-facing channels accept. */
export type UserMessage = string & { readonly [fromCatalogue]: true };

const SLOT = /\{(\w+)\}/g;

/** The message `id` with its slots filled in. */
export function say<K extends MessageId>(
  id: K,
  ...[values]: [Slots<(typeof MESSAGES)[K]>] extends [never] ? [] : [SlotValues<K>]
): UserMessage {
  const template: string = MESSAGES[id];
  const given = (values ?? {}) as Record<string, string | number>;
  return template.replace(SLOT, (_, name: string) => String(given[name])) as UserMessage;
}
