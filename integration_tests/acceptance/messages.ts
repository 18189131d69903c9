// Reads connector output the way CAT does: one AirbyteMessage per stdout line, lines that are not messages
// are dropped (CAT's pydantic parse silently skips them). Our runner reports the dropped lines separately.
//
// One thing JSON.parse loses that CAT's Python parser keeps: `1.0` is a float in Python and fails CAT's strict
// `integer` check, while JSON.parse turns it into the integer 1. So while parsing a RECORD line we note the
// JSON pointers (under record.data) of number literals written with a fraction or an exponent whose value is
// integral; the schema check (assertions.ts) re-validates those spots as non-integers.

export type Msg = Record<string, any>;

const MESSAGE_TYPES = new Set(['RECORD', 'STATE', 'LOG', 'SPEC', 'CONNECTION_STATUS', 'CATALOG', 'TRACE', 'CONTROL']);

/** Record messages → pointers (relative to record.data) of integral values written as floats (`1.0`, `1e3`). */
const floatLiterals = new WeakMap<object, string[]>();

export function integralFloatPointers(recordMessage: Msg): string[] {
  return floatLiterals.get(recordMessage) ?? [];
}

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
  if (message.type === 'RECORD' && /\d[.eE]/.test(line)) {
    const pointers = floatPointers(line)
      .filter((p) => p.startsWith('/record/data/') || p === '/record/data')
      .map((p) => p.slice('/record/data'.length));
    if (pointers.length > 0) floatLiterals.set(message, pointers);
  }
  return message;
}

export const byType = (messages: Msg[], type: string): Msg[] => messages.filter((m) => m.type === type);
export const records = (messages: Msg[]): Msg[] => byType(messages, 'RECORD');
export const states = (messages: Msg[]): Msg[] => byType(messages, 'STATE');
export const traces = (messages: Msg[], traceType: string): Msg[] => byType(messages, 'TRACE').filter((m) => m?.trace?.type === traceType);

// ---- a minimal JSON scanner that reports where float-written integers are -----------------------------------

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON pointers of number literals that contain `.`, `e` or `E` and whose value is an integer. */
export function floatPointers(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // colon
        value(`${path}/${escapePointer(key)}`);
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value(`${path}/${index}`);
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    const start = i;
    while (i < text.length && !',]} \t\r\n'.includes(text[i] as string)) i++;
    const token = text.slice(start, i);
    if (/[.eE]/.test(token) && Number.isInteger(Number(token))) out.push(path);
  };
  try {
    value('');
  } catch {
    return [];
  }
  return out;
}
