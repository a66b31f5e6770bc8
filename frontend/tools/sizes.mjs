// Prints what a browser downloads from frontend/dist/ (brotli, as served): the first screen — the
// page, the stylesheet, the shell's JavaScript and WebAssembly — and each area's chunk, fetched
// when one of its screens first shows. Fails when a budget of docs/frontend-size.md is exceeded.
// Usage: node sizes.mjs DIST
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FIRST_SCREEN_BUDGET = 250_000;
const CHUNK_BUDGET = 150_000;

const dist = process.argv[2];
const assets = join(dist, 'assets');
const app = readdirSync(assets).find((name) => name.startsWith('app-'));
const size = (path) => statSync(path).size;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

const appFiles = readdirSync(join(assets, app)).filter((name) => !/\.(br|gz)$/.test(name));
const isChunk = (name) => name.endsWith('.wasm') && name !== 'mamori_bg.wasm';
const first = [
  'index.html',
  ...readdirSync(assets).filter((n) => n.endsWith('.css')).map((n) => `assets/${n}`),
  ...appFiles.filter((name) => !isChunk(name)).map((name) => `assets/${app}/${name}`),
];

// `__wasm_split.js` names, above each chunk shared by several areas, the areas it serves.
const loader = readFileSync(join(assets, app, '__wasm_split.js'), 'utf8');
const sharedBy = {};
for (const [, splits, file] of loader.matchAll(/\/\* ([^*]*) \*\/\s*const \w+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
  sharedBy[file] = splits.split(', ').map(area).join(', ');
}
function area(split) {
  return split.replace(/^split_/, '').replace(/_\d+$/, '');
}

const rows = [];
let total = 0;
for (const path of first) {
  const br = size(join(dist, `${path}.br`));
  total += br;
  rows.push([path, size(join(dist, path)), br]);
}
console.log(`first screen (shell, sign-in, dashboard): ${kb(total)} brotli (budget ${kb(FIRST_SCREEN_BUDGET)})`);
for (const [path, raw, br] of rows) console.log(`  ${path}: ${raw} bytes, ${br} brotli`);
const over = [];
if (total > FIRST_SCREEN_BUDGET) over.push(`the first screen (${kb(total)})`);

console.log(`chunks, each fetched when a screen of its area first shows (budget ${kb(CHUNK_BUDGET)} each):`);
const chunks = appFiles.filter(isChunk).sort();
const areas = {};
for (const name of chunks) {
  const br = size(join(assets, app, `${name}.br`));
  const own = name.startsWith('split_') ? area(name.replace(/\.wasm$/, '')) : null;
  const label = own ?? `shared by ${sharedBy[name] ?? '?'}`;
  console.log(`  ${name} (${label}): ${size(join(assets, app, name))} bytes, ${br} brotli`);
  if (br > CHUNK_BUDGET) over.push(`${name} (${kb(br)})`);
  for (const each of own ? [own] : (sharedBy[name] ?? '').split(', ').filter(Boolean)) {
    areas[each] = (areas[each] ?? 0) + br;
  }
}
console.log('opening an area first downloads its chunk and the shared ones it needs:');
for (const [name, br] of Object.entries(areas).sort()) console.log(`  ${name}: ${kb(br)} brotli`);
if (over.length) {
  console.error(`over budget (docs/frontend-size.md): ${over.join('; ')}`);
  process.exit(1);
}
