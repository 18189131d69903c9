// acceptance-test-config.yml against CAT's models and high-strictness rules, the checked-in fixtures against the
// connector (spec.json must equal `spec` output), and the Dockerfile reading used in process mode.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONNECTOR, REPO_ROOT } from '../harness/run-connector.js';
import { configMatchesSpec, imageEntrypointEnv, imageLabels } from './assertions.js';
import { highStrictnessFailures, loadCatConfig, parseCatConfig } from './cat-config.js';
import { dockerfileFacts } from './connector.js';

const file = (p: string) => readFileSync(join(REPO_ROOT, p), 'utf8');

describe('acceptance-test-config.yml', () => {
  it('validates against CAT config.py models and passes the high-strictness rules', () => {
    const { config, failures } = loadCatConfig(join(REPO_ROOT, 'acceptance-test-config.yml'));
    expect(failures).toEqual([]);
    expect(config?.test_strictness_level).toBe('high');
    expect(config?.connector_image).toBe('airbyte/source-attio:dev');
    expect(highStrictnessFailures(config!)).toEqual([]);
  });

  it('rejects unknown keys, bypass_reason next to tests, and high-strictness violations', () => {
    expect(parseCatConfig('connector_image: x\nacceptance_tests: {}\nfoo: 1\n').failures.join()).toMatch(/foo/);
    expect(parseCatConfig('connector_image: x\nacceptance_tests:\n  spec:\n    tests: [{spec_pth: a}]\n').failures.join()).toMatch(
      /spec_pth/,
    );
    expect(
      parseCatConfig('connector_image: x\nacceptance_tests:\n  spec:\n    bypass_reason: r\n    tests: [{}]\n').failures.join(),
    ).toMatch(/bypass_reason/);
    expect(
      parseCatConfig('connector_image: x\nacceptance_tests:\n  basic_read:\n    tests: [{expect_records: {}}]\n').failures.join(),
    ).toMatch(/path or a bypass_reason/);
    const high = parseCatConfig(
      'connector_image: x\ntest_strictness_level: high\nacceptance_tests:\n  basic_read:\n    tests: [{configured_catalog_path: c.json, empty_streams: [{name: s}]}]\n',
    );
    const failures = highStrictnessFailures(high.config!).join('\n');
    expect(failures).toMatch(/spec: mandatory/);
    expect(failures).toMatch(/custom configured catalog/);
    expect(failures).toMatch(/expect_records must be configured/);
    expect(failures).toMatch(/empty stream s needs a bypass_reason/);
  });
});

describe('fixtures', () => {
  it("integration_tests/spec.json equals the connector's spec output (regenerate with generate-fixtures.js)", () => {
    const out = execFileSync(process.execPath, [CONNECTOR, 'spec'], { encoding: 'utf8' });
    const spec = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((m) => m.type === 'SPEC')?.spec;
    expect(spec).toEqual(JSON.parse(file('integration_tests/spec.json')));
  });

  it('sample_config.json validates against the spec and holds only the simulator key; invalid_config.json differs only in the key', () => {
    const spec = JSON.parse(file('integration_tests/spec.json'));
    const sample = JSON.parse(file('integration_tests/sample_config.json'));
    const invalid = JSON.parse(file('integration_tests/invalid_config.json'));
    expect(configMatchesSpec(sample, spec)).toEqual([]);
    expect(sample.api_key).toMatch(/^sim_/);
    expect({ ...invalid, api_key: sample.api_key }).toEqual(sample);
    expect(invalid.api_key).not.toBe(sample.api_key);
  });

  it('abnormal_state.json and sample_state.json name exactly the streams of configured_catalog_incremental.json', () => {
    const incremental = JSON.parse(file('integration_tests/configured_catalog_incremental.json'));
    const names = incremental.streams.map((s: { stream: { name: string } }) => s.stream.name).sort();
    for (const f of ['abnormal_state.json', 'sample_state.json']) {
      const states = JSON.parse(file(`integration_tests/${f}`));
      expect(states.every((s: { type: string }) => s.type === 'STREAM')).toBe(true);
      expect(states.map((s: { stream: { stream_descriptor: { name: string } } }) => s.stream.stream_descriptor.name).sort()).toEqual(names);
    }
  });
});

describe('Dockerfile facts (process-mode image checks)', () => {
  it('reads the final stage of our Dockerfile and matches metadata.yaml', () => {
    const facts = dockerfileFacts(file('Dockerfile'));
    expect(imageLabels(facts, parse(file('metadata.yaml')))).toEqual([]);
    expect(imageEntrypointEnv(facts)).toEqual([]);
  });

  it('sees a mismatch between ENTRYPOINT and AIRBYTE_ENTRYPOINT, and LABELs of an earlier stage do not count', () => {
    const text = [
      'FROM a AS build',
      'LABEL io.airbyte.name="airbyte/source-attio" io.airbyte.version="0.1.0"',
      'FROM b',
      'ENV AIRBYTE_ENTRYPOINT="node /x.js"',
      'ENTRYPOINT ["node", "/y.js"]',
    ].join('\n');
    const facts = dockerfileFacts(text);
    expect(facts.labels).toEqual({});
    expect(imageEntrypointEnv(facts)).toHaveLength(1);
  });
});
