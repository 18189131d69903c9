// Writes attio-ts-sdk-newer-endpoints.json: the response and query schemas of the endpoints newer than
// attio-openapi.json, taken from the zod schemas that attio-ts-sdk generates from Attio's live OpenAPI
// document, converted to JSON Schema with zod's own z.toJSONSchema. Which endpoints: every simulator route
// that names an SDK operation as its source (`Route.newer.source`, e.g. "attio-ts-sdk 2.3.0 getV2Files"),
// so a new route needs no edit here. Run once per SDK version, after `npm run build`:
//   npm pack attio-ts-sdk@2.3.0 && tar xzf attio-ts-sdk-2.3.0.tgz
//   node integration_tests/reference/extract-attio-ts-sdk.mjs package/dist/index.mjs 2.3.0 "$(npm view attio-ts-sdk@2.3.0 dist.integrity)" \
//     > integration_tests/reference/attio-ts-sdk-newer-endpoints.json
// The zod schemas are not exported by the package, so the bundle is copied with an export appended.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

const [bundle, version, integrity] = process.argv.slice(2);
if (!bundle || !version || !integrity) throw new Error('usage: extract-attio-ts-sdk.mjs <dist/index.mjs> <version> <integrity>');

const { ROUTES } = await import(new URL('../../dist/integration_tests/simulator/routes.js', import.meta.url).href);
const source = readFileSync(bundle, 'utf8');
const defined = (name) => new RegExp(`\\bconst ${name} = `).test(source);
/** "METHOD /pattern" → the zod names of the SDK operation its route names (getV2Files → zGetV2FilesResponse, zGetV2FilesQuery). */
const OPERATIONS = Object.fromEntries(
  ROUTES.filter((route) => route.newer).map((route) => {
    const [sdk, sdkVersion, operation] = route.newer.source.split(' ');
    if (sdk !== 'attio-ts-sdk' || sdkVersion !== version || !operation) {
      throw new Error(`${route.method} ${route.pattern}: its source "${route.newer.source}" is not attio-ts-sdk ${version}`);
    }
    const base = `z${operation[0].toUpperCase()}${operation.slice(1)}`;
    if (!defined(`${base}Response`)) throw new Error(`${route.method} ${route.pattern}: ${base}Response is not in ${bundle}`);
    return [`${route.method} ${route.pattern}`, [`${base}Response`, defined(`${base}Query`) ? `${base}Query` : null]];
  }),
);

const names = Object.values(OPERATIONS).flat().filter(Boolean);
// Next to the bundle, so that its `import "zod"` resolves as the package's would.
const copy = join(resolve(bundle, '..'), `extract-${process.pid}.mjs`);
writeFileSync(copy, `${source}\nexport { ${names.join(', ')} };\n`);
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
