/**
 * Where a .cpuprofile's time went: self time by package and by function, within a window.
 *
 *   node dist/bench/profileSummary.js FILE.cpuprofile [--around REGEX | --from MS --to MS] [--top N]
 *
 * `--around` takes the window from the first to the last sample whose stack has a frame
 * (function name or file) matching REGEX, e.g. `--around 'addOpinion|afterSave'` for the
 * burst of opinions in `bench:opinions`; without a window the whole profile counts. Times
 * are sample intervals summed, i.e. wall time while the thread was on a JS or native
 * frame (a thread waiting for a core is counted where it was interrupted).
 */
import { readFileSync } from 'node:fs';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Node {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function packageOf(url: string, fn: string): string {
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('/dist/src/')) return `chogi:${url.split('/dist/src/')[1].split('/').slice(0, 2).join('/')}`;
  if (url.startsWith('node:')) return url;
  return url || fn;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profileSummary FILE.cpuprofile [--around REGEX | --from MS --to MS] [--top N]');
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const top = Number(arg('--top') ?? 30);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): Frame[] => {
    const out: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(byId.get(at)!.callFrame);
    return out;
  };
  // Sample times in ms from the start, and how long each sample stands for.
  let t = 0;
  const times = p.timeDeltas.map((d) => (t += d) / 1000);
  const weight = times.map((x, i) => (i + 1 < times.length ? times[i + 1] - x : 0));

  let from = arg('--from') !== undefined ? Number(arg('--from')) : -Infinity;
  let to = arg('--to') !== undefined ? Number(arg('--to')) : Infinity;
  const around = arg('--around');
  if (around) {
    const re = new RegExp(around);
    const hits = p.samples.map((s, i) => (stack(s).some((f) => re.test(`${f.functionName} ${f.url}`)) ? times[i] : null)).filter((x) => x !== null);
    if (hits.length === 0) throw new Error(`no sample has a frame matching ${around}`);
    [from, to] = [Math.min(...hits), Math.max(...hits)];
  }

  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  p.samples.forEach((s, i) => {
    if (times[i] < from || times[i] > to) return;
    const f = byId.get(s)!.callFrame;
    if (f.functionName === '(idle)') return;
    total += weight[i];
    const fn = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(fn, (self.get(fn) ?? 0) + weight[i]);
    const pkg = packageOf(f.url, f.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + weight[i]);
  });
  const print = (title: string, m: Map<string, number>) => {
    console.log(`--- ${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${v.toFixed(1).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  };
  const window = Number.isFinite(from) ? ` from ${from.toFixed(0)} to ${to.toFixed(0)} ms` : '';
  console.log(`${file}${window}: ${total.toFixed(0)} ms on a frame (idle left out)`);
  print('self time by package', packages);
  print('self time by function', self);
}

main();
