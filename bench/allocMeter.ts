/**
 * Preloaded into the app by the benchmarks (`node --require dist/bench/allocMeter.js …`):
 * counts the bytes the process allocates on the JS heap between two IPC messages from
 * the benchmark ({ alloc: 'start' } … { alloc: 'stop' }, answered with { allocated }).
 *
 * V8's GC profiler reports the used heap before and after every collection, so the
 * bytes allocated are the growth of the used heap between collections plus what was
 * used at the end: exact up to the young generation's last partial cycle, and cheap
 * enough (one record per collection) not to disturb the RSS measured alongside.
 *
 * With ALLOC_PROFILE_DIR set it also takes a sampling heap profile that keeps the
 * samples of collected objects (so it shows where all the bytes were allocated, not only
 * the ones still alive) and writes it there as a .heapprofile when the process ends.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GCProfiler, getHeapStatistics } from 'node:v8';

interface GcRecord {
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

let profiler: GCProfiler | null = null;
let usedAtStart = 0;

function allocatedSinceStart(records: GcRecord[]): number {
  let total = 0;
  let base = usedAtStart;
  for (const r of records) {
    total += Math.max(0, r.beforeGC.heapStatistics.usedHeapSize - base);
    base = r.afterGC.heapStatistics.usedHeapSize;
  }
  return total + Math.max(0, getHeapStatistics().used_heap_size - base);
}

process.on('message', (msg: { alloc?: string }) => {
  if (msg?.alloc === 'start') {
    profiler = new GCProfiler();
    usedAtStart = getHeapStatistics().used_heap_size;
    profiler.start();
    process.send?.({ alloc: 'started' });
  } else if (msg?.alloc === 'memory') {
    process.send?.({ alloc: 'memory', memory: process.memoryUsage(), heap: getHeapStatistics() });
  } else if (msg?.alloc === 'stop' && profiler) {
    const result = profiler.stop() as unknown as { statistics: GcRecord[] };
    profiler = null;
    process.send?.({ alloc: 'stopped', allocated: allocatedSinceStart(result.statistics), collections: result.statistics.length });
  }
});
// The IPC channel must not keep the app alive once it wants to exit.
process.channel?.unref();

const dir = process.env.ALLOC_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as object);
  const write = () => {
    session.post('HeapProfiler.stopSampling', (err, res) => {
      if (!err) writeFileSync(join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(res.profile));
    });
  };
  process.once('SIGTERM', write);
  process.once('beforeExit', write);
}
