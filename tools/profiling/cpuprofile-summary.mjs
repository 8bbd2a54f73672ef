// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package — node internals charged to the
// nearest package or libs/<lib>/src/<folder> that called them — and the top functions by self time.
// Usage: node tools/profiling/cpuprofile-summary.mjs <file.cpuprofile> [top=25] [fromMsBeforeEnd] [toMsBeforeEnd]
// The last two keep only samples in that window (e.g. the delivery phase of a bench, counted back from exit).
import { readFileSync } from 'node:fs';
import { label, owner } from './call-frames.mjs';

const [file, topArg = '25', fromArg, toArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpuprofile-summary.mjs <file.cpuprofile> [top] [fromMsBeforeEnd] [toMsBeforeEnd]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const from = fromArg ? profile.endTime - Number(fromArg) * 1000 : -Infinity;
const to = toArg ? profile.endTime - Number(toArg) * 1000 : Infinity;
const selfTime = new Map();
let total = 0;
let time = profile.startTime;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  time += delta;
  if (time < from || time > to) return;
  total += delta;
  selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
});

const SPECIAL = new Set(['(garbage collector)', '(idle)', '(program)']);
const byOwner = new Map();
const byFunction = new Map();
for (const [id, micros] of selfTime) {
  const node = nodes.get(id);
  let charged = SPECIAL.has(node.callFrame.functionName) ? node.callFrame.functionName : null;
  for (let current = id; !charged && current !== undefined; current = parents.get(current)) charged = owner(nodes.get(current).callFrame.url);
  charged ??= '(runtime, no JS caller)';
  byOwner.set(charged, (byOwner.get(charged) ?? 0) + micros);
  const name = label(node.callFrame);
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}

const line = ([name, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)} % ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`;
const top = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)).map(line).join('\n');
console.log(`${(total / 1000).toFixed(0)} ms sampled\n\nby package (node internals charged to their caller)\n${top(byOwner)}\n\ntop functions by self time\n${top(byFunction)}`);
