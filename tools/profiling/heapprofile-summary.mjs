// Summarises a sampling heap profile (from allocation-sampling.cjs): bytes allocated by package — node internals
// charged to the nearest package or libs/<lib>/src/<folder> that called them — and the top functions.
// Usage: node tools/profiling/heapprofile-summary.mjs <file.heapprofile> [top=25] [events]
// With `events` (how many events the sampled interval handled), each line also says bytes per event.
import { readFileSync } from 'node:fs';
import { label, owner } from './call-frames.mjs';

const [file, topArg = '25', eventsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: heapprofile-summary.mjs <file.heapprofile> [top] [events]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const events = eventsArg ? Number(eventsArg) : null;

const byOwner = new Map();
const byFunction = new Map();
let total = 0;
const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
const stack = [{ node: profile.head, charged: null }];
while (stack.length > 0) {
  const { node, charged: callers } = stack.pop();
  const charged = owner(node.callFrame.url) ?? callers;
  total += node.selfSize;
  add(byOwner, charged ?? '(runtime, no JS caller)', node.selfSize);
  add(byFunction, label(node.callFrame), node.selfSize);
  for (const child of node.children) stack.push({ node: child, charged });
}

const perEvent = (bytes) => (events ? `  ${(bytes / events / 1024).toFixed(1).padStart(6)} KB/event` : '');
const line = ([name, bytes]) => `${((bytes / total) * 100).toFixed(1).padStart(5)} % ${(bytes / 1e6).toFixed(1).padStart(8)} MB${perEvent(bytes)}  ${name}`;
const top = (map) => [...map].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)).map(line).join('\n');
console.log(`${(total / 1e6).toFixed(1)} MB allocated${perEvent(total)}\n\nby package (node internals charged to their caller)\n${top(byOwner)}\n\ntop functions\n${top(byFunction)}`);
