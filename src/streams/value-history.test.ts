import { CURSOR_MARGIN_MS } from '../state/cursor.js';
import { describe, expect, it } from 'vitest';
import { nextHistoryCursor } from './value-history.js';

describe('the cursor a history read ends on', () => {
  const start = Date.parse('2026-03-01T12:00:00.000Z');

  it('is the newest timestamp seen when that is older than the start minus the margin', () => {
    expect(nextHistoryCursor(start, '2025-12-24T08:00:00.123456789Z')).toBe('2025-12-24T08:00:00.123456789Z');
  });

  it('is the start minus the margin when something newer was seen (a change while the read ran, or just before)', () => {
    expect(CURSOR_MARGIN_MS).toBe(300_000);
    expect(nextHistoryCursor(start, '2026-03-01T11:59:59.999999999Z')).toBe('2026-03-01T11:55:00.000000000Z');
    expect(nextHistoryCursor(start, '2026-03-01T12:00:30.000000000Z')).toBe('2026-03-01T11:55:00.000000000Z');
  });

  it('is the start minus the margin when nothing was seen', () => {
    expect(nextHistoryCursor(start, undefined)).toBe('2026-03-01T11:55:00.000000000Z');
  });
});
