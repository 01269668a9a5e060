/**
 * `npx tsx tools/bench/rebuild-result.ts <results.json> [...]`: recomputes a results file's derived
 * figures (ratios, targets, CPU per operation, table) from the raw measurements it keeps in `run`,
 * with the current code, so files written by an older version stay comparable. Measurements are
 * never changed; series points keep what they recorded (fields they lack stay empty).
 */
import fs from 'node:fs';
import { renderPng, seriesSvg } from './plot';
import { buildResult, formatTable, seriesPoint, type BenchResult, type SeriesPoint } from './results';

async function rebuild(file: string): Promise<void> {
  const old = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult;
  const own = seriesPoint(old.run);
  const series: SeriesPoint[] = old.series.map((p) =>
    p.units === old.units ? own : { ...p, launchCpuMsPerUnit: p.launchCpuMsPerUnit ?? {}, loadAverage: p.loadAverage ?? null },
  );
  const result = buildResult(old.run, series, { machine: old.machine, startedAt: old.startedAt, gitCommit: old.gitCommit, command: old.command });
  fs.writeFileSync(file, `${JSON.stringify({ ...result, finishedAt: old.finishedAt }, null, 2)}\n`);
  process.stdout.write(formatTable(result));
  if (series.length > 1) {
    const svg = file.replace(/\.json$/, '-series.svg');
    const m = old.machine;
    fs.writeFileSync(
      svg,
      seriesSvg(series, `directive-cascade ${old.gitCommit ?? ''}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, ${old.startedAt.slice(0, 16)}Z`),
    );
    await renderPng(svg, svg.replace(/\.svg$/, '.png'), (line) => console.log(`  ${line}`));
  }
  console.log(`  rebuilt ${file}\n`);
}

void (async () => {
  for (const file of process.argv.slice(2)) await rebuild(file);
})();
