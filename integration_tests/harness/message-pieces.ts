// The fixed pieces of a message template, between its `{slot}`s: what the docs test looks for in the
// troubleshooting table whatever the slots are filled with.

import { MESSAGES, type MessageId } from '../../src/messages.js';

export function fixedPieces(id: MessageId): string[] {
  return MESSAGES[id].split(/\{\w+\}/);
}
