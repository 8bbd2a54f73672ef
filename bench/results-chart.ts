import type { BenchResults } from './bench-results';
import { formatCount, formatMs } from './results-report';

interface Bar {
  label: string;
  throughput: number;
  p50: number;
  p99: number;
}

const WIDTH = 900;
const HEIGHT = 400;
const TOP = 80;
const BOTTOM = 320;
const LATENCY_FLOOR_MS = 0.1;
const COLORS = { throughput: '#2f6db5', p50: '#8fbce6', p99: '#c2452d', target: '#555' };

/** A hand-written SVG of one run: deliveries/s per system on the left, p50/p99 publish→receipt on the right. */
export function renderChart(results: BenchResults): string {
  const bars = chartBars(results);
  const title = `Hookstream benchmark ${results.startedAt.toISOString().slice(0, 10)} — ${results.machine.cores} × ${results.machine.cpu}, Node ${results.machine.node}`;
  const rate = results.systems[0]?.latency.rate ?? 0;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    text(WIDTH / 2, 24, title, { anchor: 'middle', size: 14, weight: 'bold' }),
    text(WIDTH / 2, 42, subtitle(results), { anchor: 'middle', size: 11, fill: COLORS.target }),
    ...throughputPanel(bars, 40, 420),
    ...latencyPanel(bars, 520, 880, rate),
    '</svg>',
    '',
  ].join('\n');
}

function subtitle(results: BenchResults): string {
  const first = results.systems[0];
  const window = first ? `${first.throughput.windowSeconds.toFixed(0)} s window at full speed, ${first.latency.sent} events at ${first.latency.rate}/s` : '';
  return `${window}; load average ${results.machine.loadAtStart} at the start (commit ${results.machine.commit})`;
}

function chartBars(results: BenchResults): Bar[] {
  const labels = { ceiling: 'ceiling, undici POST loop', bullmq: 'BullMQ baseline', floor: 'shape floor', hookstream: 'Hookstream' };
  const bars = results.systems.map((system) => ({
    label: labels[system.key],
    throughput: system.throughput.perSecond,
    p50: system.latency.p50,
    p99: system.latency.p99,
  }));
  const isolation = results.isolation;
  if (isolation) bars.push({ label: 'Hookstream, noisy neighbours', throughput: isolation.throughput.perSecond, p50: isolation.latency.p50, p99: isolation.latency.p99 });
  return bars;
}

function throughputPanel(bars: Bar[], left: number, right: number): string[] {
  const max = Math.max(1, ...bars.map((bar) => bar.throughput)) * 1.15;
  const slot = (right - left) / Math.max(1, bars.length);
  const out = [text((left + right) / 2, 64, 'deliveries/s, max sustained', { anchor: 'middle', weight: 'bold' }), axis(left, right)];
  bars.forEach((bar, n) => {
    const height = ((BOTTOM - TOP) * bar.throughput) / max;
    const x = left + n * slot + slot * 0.2;
    out.push(`<rect x="${x.toFixed(1)}" y="${(BOTTOM - height).toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLORS.throughput}"/>`);
    out.push(text(x + slot * 0.3, BOTTOM - height - 6, formatCount(bar.throughput), { anchor: 'middle' }));
    out.push(...label(x + slot * 0.3, bar.label));
  });
  return out;
}

function latencyPanel(bars: Bar[], left: number, right: number, rate: number): string[] {
  // Log scale from 0.1 ms: the ceiling's sub-millisecond and a backlog's seconds both stay readable.
  const values = bars.flatMap((bar) => [bar.p50, bar.p99]).filter(Number.isFinite);
  const decades = Math.log10((Math.max(50, ...values) * 2) / LATENCY_FLOOR_MS);
  const y = (ms: number) => BOTTOM - ((BOTTOM - TOP) * Math.log10(Math.max(ms, LATENCY_FLOOR_MS) / LATENCY_FLOOR_MS)) / decades;
  const slot = (right - left) / Math.max(1, bars.length);
  const out = [text((left + right) / 2, 64, `publish → receipt at ${rate} events/s (log scale)`, { anchor: 'middle', weight: 'bold' }), axis(left, right)];
  for (let tick = 1; tick / LATENCY_FLOOR_MS <= 10 ** decades; tick *= 10) {
    out.push(`<line x1="${left}" x2="${right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e4e4e4"/>`);
    out.push(text(left - 4, y(tick) + 4, tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`, { anchor: 'end', size: 10, fill: COLORS.target }));
  }
  out.push(`<line x1="${left}" x2="${right}" y1="${y(50).toFixed(1)}" y2="${y(50).toFixed(1)}" stroke="${COLORS.target}" stroke-dasharray="5 4"/>`);
  bars.forEach((bar, n) => {
    const x = left + n * slot + slot * 0.15;
    const width = slot * 0.33;
    for (const [k, key] of (['p50', 'p99'] as const).entries()) {
      const value = Number.isFinite(bar[key]) ? bar[key] : 0;
      const top = y(value);
      const barX = x + k * (width + 2);
      out.push(`<rect x="${barX.toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" height="${(BOTTOM - top).toFixed(1)}" fill="${COLORS[key]}"/>`);
      out.push(text(barX + width / 2, top - 5, shortMs(bar[key]), { anchor: 'middle', size: 10 }));
    }
    out.push(...label(x + width, bar.label));
  });
  out.push(`<rect x="${left}" y="${BOTTOM + 46}" width="10" height="10" fill="${COLORS.p50}"/>`, text(left + 14, BOTTOM + 55, 'p50 (ms)', {}));
  out.push(`<rect x="${left + 80}" y="${BOTTOM + 46}" width="10" height="10" fill="${COLORS.p99}"/>`, text(left + 94, BOTTOM + 55, 'p99 (ms)', {}));
  out.push(`<line x1="${left + 160}" x2="${left + 185}" y1="${BOTTOM + 51}" y2="${BOTTOM + 51}" stroke="${COLORS.target}" stroke-dasharray="5 4"/>`);
  out.push(text(left + 190, BOTTOM + 55, 'target: p99 under 50 ms', { fill: COLORS.target }));
  return out;
}

/** A latency label that fits above its bar: `2.5`, `29` (ms) or `23.3 s`. */
function shortMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : formatMs(ms).replace(' ms', '');
}

/** A bar's name under the axis, one line per comma-separated part. */
function label(x: number, name: string): string[] {
  return name.split(', ').map((line, n) => text(x, BOTTOM + 18 + n * 14, line, { anchor: 'middle' }));
}

function axis(left: number, right: number): string {
  return `<line x1="${left}" x2="${right}" y1="${BOTTOM}" y2="${BOTTOM}" stroke="#333"/>`;
}

interface TextStyle {
  anchor?: 'start' | 'middle' | 'end';
  size?: number;
  weight?: 'bold';
  fill?: string;
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const attributes = [
    `x="${x.toFixed(1)}"`,
    `y="${y.toFixed(1)}"`,
    style.anchor ? `text-anchor="${style.anchor}"` : '',
    style.size ? `font-size="${style.size}"` : '',
    style.weight ? `font-weight="${style.weight}"` : '',
    style.fill ? `fill="${style.fill}"` : '',
  ].filter(Boolean);
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
