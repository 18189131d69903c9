"""End-to-end check of source-attio through PyAirbyte, offline, against the Attio simulator.

Reads every stream with ``airbyte.get_source(..., local_executable=<wrapper running node dist/src/main.js>)`` into
PyAirbyte's default DuckDB cache, then checks:
  * the row count of every stream's table equals what the connector itself emits for that stream in a plain
    process-mode read (counted by run.sh, passed in with --expected-counts);
  * typed columns in DuckDB: a timestamp column is TIMESTAMP WITH TIME ZONE, a number column is numeric,
    an integer column is an integer type, a nested object column is JSON, and values survive the trip.

Prints one line per check (PASS/FAIL) and "N passed, N failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import sys
import time
from pathlib import Path

import airbyte as ab

passed = 0
failed = 0


def report(name: str, ok: bool, detail: str = "") -> None:
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}{f' ({detail})' if detail else ''}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name}: {detail}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True, help="connector config JSON file")
    parser.add_argument("--executable", required=True, help="wrapper that runs the connector")
    parser.add_argument("--expected-counts", required=True, help="JSON {stream: record count}")
    args = parser.parse_args()

    config = json.loads(Path(args.config).read_text())
    expected: dict[str, int] = json.loads(Path(args.expected_counts).read_text())
    print(f"# airbyte (PyAirbyte) {importlib.metadata.version('airbyte')}", flush=True)

    source = ab.get_source("source-attio", config=config, local_executable=args.executable)
    source.check()
    report("check through PyAirbyte", True)

    streams = source.get_available_streams()
    report("every discovered stream is expected", sorted(streams) == sorted(expected), f"{len(streams)} streams")
    catalog = {s.name: s for s in source.discovered_catalog.streams}
    incremental = sorted(n for n in streams if "incremental" in [m.value for m in catalog[n].supported_sync_modes])
    full_only = sorted(n for n in streams if n not in incremental)
    cache = ab.get_default_cache()
    print(f"# cache {cache.db_path}; {len(incremental)} incremental streams, {len(full_only)} full-refresh-only streams", flush=True)

    def table_count(stream: str) -> int:
        with cache.get_sql_engine().connect() as conn:
            return conn.exec_driver_sql(f"select count(*) from {cache.schema_name}.{stream}").fetchone()[0]

    # 1. PyAirbyte's default read(): every stream configured with sync_mode incremental, state kept in the cache.
    source.select_streams(incremental)
    started = time.monotonic()
    first_read = source.read(cache=cache)
    print(f"# default read of the incremental streams: {first_read.processed_records} records in {time.monotonic() - started:.1f} s", flush=True)
    for stream in incremental:
        got = table_count(stream)
        report(f"row count {stream} (incremental)", got == expected[stream], f"{got} rows, connector emitted {expected[stream]}")

    # 2. A second default read resumes from the state PyAirbyte saved: nothing new, tables unchanged.
    second = source.read(cache=cache)
    report("second read from PyAirbyte's saved state returns no records", second.processed_records == 0, f"{second.processed_records} records")
    unchanged = [s for s in incremental if table_count(s) != expected[s]]
    report("tables unchanged after the second read", not unchanged, ", ".join(unchanged) or "all equal")

    # 3. The full-refresh-only streams. PyAirbyte's default read() configures them as incremental too
    #    (sources/base.py get_configured_catalog: "always incremental"); the Python CDK then reads them as full
    #    refresh (abstract_source: use_incremental = incremental requested AND stream supports it).
    source.select_streams(full_only)
    try:
        source.read(cache=cache)
        report("default read() of full-refresh-only streams (PyAirbyte sends sync_mode incremental)", True)
    except Exception as error:  # noqa: BLE001 - report whatever PyAirbyte raised
        # The connector's own words are in PyAirbyte's per-connector log (under AIRBYTE_LOGGING_ROOT).
        logs = sorted(Path(os.environ.get("AIRBYTE_LOGGING_ROOT", "/tmp/airbyte/logs")).glob("source-attio/*.log"), key=lambda p: p.stat().st_mtime)
        said = [l.split(" - ", 2)[-1] for l in (logs[-1].read_text().splitlines() if logs else []) if "did not sync completely" in l and " - ERROR - " in l]
        report(
            "default read() of full-refresh-only streams (PyAirbyte sends sync_mode incremental)",
            False,
            f"{type(error).__name__}; connector: {said[0][:260] if said else '(no log)'}",
        )
    # Documented workaround: force_full_refresh=True configures full_refresh where the stream supports it.
    source.read(cache=cache, force_full_refresh=True)
    for stream in full_only:
        got = table_count(stream)
        report(f"row count {stream} (force_full_refresh)", got == expected[stream], f"{got} rows, connector emitted {expected[stream]}")
    result = first_read

    engine = cache.get_sql_engine()
    schema = cache.schema_name

    def column_types(table: str) -> dict[str, str]:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ?",
                (schema, table),
            ).fetchall()
        return {name: dtype for name, dtype in rows}

    def scalar(sql: str):
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).fetchone()

    people = column_types("people")
    sink = column_types("kitchen_sink")
    # PyAirbyte asks for TIMESTAMP(timezone=True) (airbyte/types.py) but duckdb-engine creates a plain TIMESTAMP;
    # the values are then UTC instants (DuckDB converts the "Z"/offset on insert). Either type is accepted, and the
    # value check below proves the instant is right.
    timestamps = ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP")
    report("people.created_at is a timestamp column", people.get("created_at") in timestamps, people.get("created_at", "missing"))
    report("kitchen_sink.timestamp is a timestamp column", sink.get("timestamp") in timestamps, sink.get("timestamp", "missing"))
    report("kitchen_sink.date is DATE", sink.get("date") == "DATE", sink.get("date", "missing"))
    numeric = ("DOUBLE", "DECIMAL", "FLOAT", "REAL")
    report("kitchen_sink.number is numeric", any(sink.get("number", "").startswith(t) for t in numeric), sink.get("number", "missing"))
    report("kitchen_sink.rating is an integer type", sink.get("rating") in ("BIGINT", "INTEGER", "HUGEINT"), sink.get("rating", "missing"))
    report("kitchen_sink.checkbox is BOOLEAN", sink.get("checkbox") == "BOOLEAN", sink.get("checkbox", "missing"))
    report("people.name (nested object) is JSON", people.get("name") == "JSON", people.get("name", "missing"))
    report("people.email_addresses (array) is JSON", people.get("email_addresses") == "JSON", people.get("email_addresses", "missing"))

    # Values: a timestamp compares as a timestamp, a number sums, a nested object is queryable as JSON.
    row = scalar(f'select count(*), min(created_at), max(created_at) from {schema}.people where created_at > timestamptz \'2000-01-01 00:00:00+00\'')
    report("people.created_at values are real timestamps", row is not None and row[0] == expected["people"], f"{row[0]} rows between {row[1]} and {row[2]}")
    row = scalar(f"select count(number), sum(number) from {schema}.kitchen_sink")
    report("kitchen_sink.number values are numbers", row is not None and row[0] > 0 and row[1] is not None, f"{row[0]} non-null, sum {row[1]}")
    row = scalar(f"select count(*) from {schema}.people where json_extract_string(name, '$.full_name') is not null")
    report("people.name.full_name is reachable with json_extract", row is not None and row[0] > 0, f"{row[0]} rows with a full_name")

    # The first record the connector emitted for people is in the cache with the same values.
    first = next(iter(result["people"]))
    record_id = first["record_id"]
    row = scalar(f"select record_id, json_extract_string(name, '$.full_name') from {schema}.people where record_id = '{record_id}'")
    want = (first.get("name") or {}).get("full_name")
    report("a people row round-trips (record_id, name.full_name)", row is not None and row[1] == want, f"{record_id}: {row[1] if row else None!r} vs {want!r}")
    # The connector's own string for a people row (expected_records.jsonl, same simulator seed): DuckDB must hold
    # the same UTC instant, to the microsecond (TIMESTAMP has no nanoseconds).
    repo = Path(__file__).resolve().parents[2]
    emitted = next(
        r["data"] for r in map(json.loads, (repo / "integration_tests/expected_records.jsonl").read_text().splitlines()) if r["stream"] == "people"
    )
    created = emitted["created_at"]
    tz = " at time zone 'UTC'" if people.get("created_at") == "TIMESTAMP WITH TIME ZONE" else ""
    row = scalar(f"select strftime(created_at{tz}, '%Y-%m-%dT%H:%M:%S.%f') from {schema}.people where record_id = '{emitted['record_id']}'")
    report("people.created_at holds the connector's UTC instant (to the microsecond)", row is not None and row[0] == created[:26], f"{row[0] if row else None} vs {created}")

    # The streams of issue 14: value history, transcripts, files, views.
    history = column_types("deals__stage_history")
    report("deals__stage_history.active_from is a timestamp column", history.get("active_from") in timestamps, history.get("active_from", "missing"))
    report("deals__stage_history.active_until is a timestamp column", history.get("active_until") in timestamps, history.get("active_until", "missing"))
    report("deals__stage_history.value (a status title) is VARCHAR", history.get("value") == "VARCHAR", history.get("value", "missing"))
    report("deals__stage_history.created_by_actor is JSON", history.get("created_by_actor") == "JSON", history.get("created_by_actor", "missing"))
    row = scalar(f"select count(*), count(distinct value_id), count(distinct record_id), count(*) filter (where active_until is null) from {schema}.deals__stage_history")
    report(
        "deals__stage_history: one row per value, keys unique, one current stage per deal",
        row is not None and row[0] == row[1] and row[2] == row[3] == expected["deals"],
        f"{row[0]} rows, {row[1]} keys, {row[2]} deals, {row[3]} current",
    )
    transcripts = column_types("call_recording_transcripts")
    report("call_recording_transcripts.segments is JSON", transcripts.get("segments") == "JSON", transcripts.get("segments", "missing"))
    row = scalar(f"select sum(json_array_length(segments)), sum(segment_count) from {schema}.call_recording_transcripts")
    report("call_recording_transcripts: every segment is in the JSON array", row is not None and row[0] == row[1] and row[0] > 0, f"{row[0]} vs {row[1]}")
    files = column_types("people__files")
    report("people__files.content_size is an integer type", files.get("content_size") in ("BIGINT", "INTEGER", "HUGEINT"), files.get("content_size", "missing"))
    every_file = " union all ".join(f"select file_type from {schema}.{t}__files" for t in ("people", "companies", "deals"))
    row = scalar(f"select count(distinct file_type), count(*) filter (where file_type not in ('file', 'folder', 'connected-file', 'connected-folder')) from ({every_file})")
    report("files tables hold files, folders and connected entries, of Attio's four types only", row is not None and row[0] >= 3 and row[1] == 0, f"{row[0]} file types, {row[1]} unknown")
    row = scalar(f"select count(*) from {schema}.views v join {schema}.objects o on o.object_id = v.parent_id")
    report("views join to their objects", row is not None and row[0] > 0, f"{row[0]} object views")

    # The stage-duration query of docs/attio.md, as written there, on this cache: every history row, with a duration.
    doc = (repo / "docs/attio.md").read_text()
    query = re.search(r"when did each deal enter each stage, and how long did it stay\?\n[\s\S]*?```sql\n([\s\S]*?)```", doc)
    report("docs/attio.md has the stage-duration query", query is not None)
    if query is not None:
        sql = re.sub(r"\b(from|join) (deals__stage_history|deals|workspace_members)\b", rf"\1 {schema}.\2", query.group(1))
        with engine.connect() as conn:
            result_rows = conn.exec_driver_sql(sql).fetchall()
        total = scalar(f"select count(*) from {schema}.deals__stage_history")[0]
        current = sum(1 for r in result_rows if r[5])
        report(
            "the stage-duration query answers for every value of every deal",
            len(result_rows) == total and current == expected["deals"] and all(r[4] is not None and r[4] >= 0 for r in result_rows),
            f"{len(result_rows)} rows, {current} current stages; first: {tuple(str(v) for v in result_rows[0]) if result_rows else None}",
        )

    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
