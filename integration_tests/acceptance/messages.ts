// Reads connector output the way CAT did: one AirbyteMessage per stdout line; lines that are not messages are
// dropped (CAT's pydantic parse silently skipped them), and reported apart.

export type Msg = Record<string, any>;

const MESSAGE_TYPES = new Set(['RECORD', 'STATE', 'LOG', 'SPEC', 'CONNECTION_STATUS', 'CATALOG', 'TRACE', 'CONTROL']);

export interface ParsedOutput {
  messages: Msg[];
  /** Non-empty stdout lines that are not an Airbyte message (not JSON, or no known `type`). */
  dropped: string[];
}

export function parseOutput(stdout: string): ParsedOutput {
  const messages: Msg[] = [];
  const dropped: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const message = parseMessageLine(line);
    if (message) messages.push(message);
    else dropped.push(line);
  }
  return { messages, dropped };
}

export function parseMessageLine(line: string): Msg | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const message = value as Msg;
  if (!MESSAGE_TYPES.has(message.type)) return undefined;
  return message;
}

export const byType = (messages: Msg[], type: string): Msg[] => messages.filter((m) => m.type === type);
export const records = (messages: Msg[]): Msg[] => byType(messages, 'RECORD');
export const states = (messages: Msg[]): Msg[] => byType(messages, 'STATE');
export const traces = (messages: Msg[], traceType: string): Msg[] => byType(messages, 'TRACE').filter((m) => m?.trace?.type === traceType);
