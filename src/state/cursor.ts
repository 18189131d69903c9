// What every cursor of a stream state shares.

/**
 * How far before the start of a read the cursors on Attio's change stamps (`last_value_set_at`, a history's
 * `active_from`) are saved: a value set while the read runs, on a row the read had already passed, is stamped after
 * it and comes next time; it also covers the time between Attio stamping a value and the value showing in queries.
 */
export const CURSOR_MARGIN_MS = 5 * 60 * 1000;
