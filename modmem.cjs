const mods = process.argv.slice(2);
global.gc(); const base = process.memoryUsage();
for (const m of mods) require(m);
global.gc(); const after = process.memoryUsage();
console.log(mods.join(','), 'rss +', ((after.rss-base.rss)>>20), 'heapUsed +', ((after.heapUsed-base.heapUsed)>>20), 'base rss', base.rss>>20);
