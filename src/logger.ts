// Logs travel as LOG messages on the protocol channel; stderr is left to the platform. What a user reads (INFO and
// up) comes from the message catalogue (messages.ts); debug lines are free text.

import { logMessage } from './protocol/messages.js';
import type { Output } from './protocol/output.js';
import type { LogLevel } from './protocol/types.js';
import type { UserMessage } from './messages.js';

const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };

export class Logger {
  constructor(
    private readonly output: Output,
    private readonly minLevel: LogLevel = 'INFO',
  ) {}

  private log(level: LogLevel, message: string): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    // Not awaited: log lines are few, and a caller on the hot path must not block on them.
    this.output.send(logMessage(level, message)).catch(() => undefined);
  }

  get debugEnabled(): boolean {
    return RANK.DEBUG >= RANK[this.minLevel];
  }

  debug(message: string): void {
    this.log('DEBUG', message);
  }
  info(message: UserMessage): void {
    this.log('INFO', message);
  }
  warn(message: UserMessage): void {
    this.log('WARN', message);
  }
  error(message: UserMessage): void {
    this.log('ERROR', message);
  }
}
