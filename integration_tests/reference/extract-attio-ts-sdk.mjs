// Writes attio-ts-sdk-newer-endpoints.json: the response and query schemas of the endpoints newer than
// attio-openapi.json, taken from the zod schemas that attio-ts-sdk generates from Attio's live OpenAPI
// document, converted to JSON Schema with zod's own z.toJSONSchema. Run once per SDK version:
//   npm pack attio-ts-sdk@2.3.0 && tar xzf attio-ts-sdk-2.3.0.tgz
//   node integration_tests/reference/extract-attio-ts-sdk.mjs package/dist/index.mjs 2.3.0 "$(npm view attio-ts-sdk@2.3.0 dist.integrity)"
// The zod schemas are not exported by the package, so the bundle is copied with an export appended.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

const OPERATIONS = {
  'GET /v2/files': ['zGetV2FilesResponse', 'zGetV2FilesQuery'],
  'GET /v2/files/{file_id}': ['zGetV2FilesByFileIdResponse', null],
  'GET /v2/objects/{object}/views': ['zGetV2ObjectsByObjectViewsResponse', 'zGetV2ObjectsByObjectViewsQuery'],
  'GET /v2/lists/{list}/views': ['zGetV2ListsByListViewsResponse', 'zGetV2ListsByListViewsQuery'],
};

const [bundle, version, integrity] = process.argv.slice(2);
if (!bundle || !version || !integrity) throw new Error('usage: extract-attio-ts-sdk.mjs <dist/index.mjs> <version> <integrity>');
const names = Object.values(OPERATIONS).flat().filter(Boolean);
// Next to the bundle, so that its `import "zod"` resolves as the package's would.
const copy = join(resolve(bundle, '..'), `extract-${process.pid}.mjs`);
writeFileSync(copy, `${readFileSync(bundle, 'utf8')}\nexport { ${names.join(', ')} };\n`);
const sdk = await import(pathToFileURL(copy).href).finally(() => rmSync(copy));
const zodVersion = createRequire(import.meta.url)('zod/package.json').version;
const convert = (name) => (name ? z.toJSONSchema(sdk[name], { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) : null);
const operations = Object.fromEntries(
  Object.entries(OPERATIONS).map(([key, [response, query]]) => [
    key,
    { zod: { response, query }, response: convert(response), query: convert(query) },
  ]),
);
const out = {
  source: `attio-ts-sdk ${version} (npm), dist/index.mjs, converted by extract-attio-ts-sdk.mjs with zod ${zodVersion}`,
  integrity,
  operations,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
