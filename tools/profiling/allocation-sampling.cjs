// Preload (`node -r tools/profiling/allocation-sampling.cjs …`, e.g. through BENCH_SERVICE_NODE_ARGS) that samples
// every allocation of the process, garbage included, between two SIGUSR2s: the first starts V8's sampling heap
// profiler, the second writes `<ALLOCATION_PROFILE_DIR or os.tmpdir()>/<pid>.heapprofile`. Node's own --heap-prof
// keeps only objects still alive at the end, so it cannot show where a service's garbage comes from.
// Summarise with `node tools/profiling/heapprofile-summary.mjs <file>`.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const SAMPLING = { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
const session = new inspector.Session();
session.connect();
let sampling = false;

process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    session.post('HeapProfiler.startSampling', SAMPLING, (error) => error && console.error('allocation sampling did not start', error));
    return;
  }
  sampling = false;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) return console.error('allocation sampling did not stop', error);
    const file = join(process.env.ALLOCATION_PROFILE_DIR ?? tmpdir(), `${process.pid}.heapprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    console.error(`allocation profile written to ${file}`);
  });
});
