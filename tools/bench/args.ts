/**
 * The benchmark's command line: its options, their defaults and the checks that refuse a bad one
 * with the usage (tools/bench/main.ts runs what they ask for).
 */
import path from 'node:path';
import { parseIsoDuration } from '../../src/domain/time/duration';
import { BENCH_DISTRICT_REMINDER_MS } from './context';
import type { BenchServer } from './stack';

/** The districts' reminder lead as the spec writes it (PT30S): the shortest district deadline. */
const MIN_DISTRICT_DEADLINE = `PT${BENCH_DISTRICT_REMINDER_MS / 1_000}S`;

/** Parsed command line. */
export interface BenchArgs {
  units: number | null;
  servers: BenchServer[];
  series: number[];
  rates: number[];
  durationSeconds: number;
  concurrency: number;
  capacityRounds: number;
  querySamples: number;
  out: string;
  seed: string | undefined;
  districtDeadline: string;
  reorgRate: number;
  /** Launch only, at --units: the quick measure of the launch path (no baselines, reports or queries). */
  launchOnly: boolean;
}

const USAGE = `usage: npm run bench -- [options]
  --units N                 organisation size, central root included (default 5000; 55000 is national)
  --servers a,b             the Temporal servers to run on, in order: dev-server (default), cluster (npm run cluster's, built and
                            cached on first use); the first one's figures lead the results file, the others stand beside them
  --series a,b,c            also run launch-only at these sizes, for the growth plot (the largest, or --units, runs in full)
  --rates r1,r2             offered report rates of the steady phases, per second (default 100,300)
  --duration-seconds S      length of each steady and baseline phase (default 20); a capacity round is half of it per side
  --concurrency C           first step of the saturation curves (doubled until throughput stops rising; default 8)
  --capacity-rounds R       alternating rounds of bare updates and corrections at saturation (default 6)
  --query-samples Q         rounds of supervisor queries (default 200)
  --district-deadline D     deadline of district committees after receipt, so they go overdue after the launch (default PT4M;
                            at least ${MIN_DISTRICT_DEADLINE}, or there is no reminder for the deadlines phase to wait for)
  --reorg-rate R            reports and corrections per second while the district level is dissolved, last phase of a full run (default 50)
  --launch-only             launch at --units and stop: the quick measure of the launch path (targets of the other phases n/a)
  --seed S                  organisation seed (default directive-cascade-bench)
  --out DIR                 results folder (default tools/bench/results)
Environment: TEMPORAL_ADDRESS (an existing server instead of the embedded dev server), DATABASE_URL
(a fresh database on that server instead of a throwaway cluster), WORKER_* (the workers' limits, as in production;
WORKER_HEAP_GROWTH_PERCENT=0: V8's own heap growth), BENCH_POOLED_MAIL=0 (experiment: one SMTP connection per email).`;

/**
 * A district deadline: a duration after receipt no shorter than the districts' reminder lead, or
 * the deadlines phase would wait for reminders that are never sent.
 */
function districtDeadline(text: string): string {
  const parsed = parseIsoDuration(text);
  if (parsed.kind !== 'duration' || parsed.ms < BENCH_DISTRICT_REMINDER_MS)
    throw new Error(
      `--district-deadline needs a duration of at least ${BENCH_DISTRICT_REMINDER_MS / 1_000} s (${MIN_DISTRICT_DEADLINE}), got "${text}"\n\n${USAGE}`,
    );
  return text;
}

function positiveInts(flag: string, text: string | undefined): number[] {
  const values = (text ?? '').split(',').map((v) => Number(v.trim().replace(/_/g, '')));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v <= 0))
    throw new Error(`${flag} needs positive whole numbers separated by commas, got "${text ?? ''}"\n\n${USAGE}`);
  return values;
}

/** Reads the command line; throws with the usage on a bad flag. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    units: null,
    servers: ['dev-server'],
    series: [],
    rates: [100, 300],
    durationSeconds: 20,
    concurrency: 8,
    capacityRounds: 6,
    querySamples: 200,
    out: path.join(__dirname, 'results'),
    seed: undefined,
    districtDeadline: 'PT4M',
    reorgRate: 50,
    launchOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    const one = () => positiveInts(flag, value())[0] as number;
    switch (flag) {
      case '--units':
        args.units = one();
        break;
      case '--servers': {
        const servers = value()
          .split(',')
          .map((v) => v.trim());
        const unknown = servers.filter((v) => v !== 'dev-server' && v !== 'cluster');
        if (servers.length === 0 || unknown.length > 0) throw new Error(`--servers takes dev-server and/or cluster, got "${unknown.join(',')}"\n\n${USAGE}`);
        args.servers = [...new Set(servers)] as BenchServer[];
        break;
      }
      case '--series':
        args.series = positiveInts(flag, value());
        break;
      case '--rates':
        args.rates = positiveInts(flag, value());
        break;
      case '--duration-seconds':
        args.durationSeconds = one();
        break;
      case '--concurrency':
        args.concurrency = one();
        break;
      case '--capacity-rounds':
        args.capacityRounds = one();
        break;
      case '--query-samples':
        args.querySamples = one();
        break;
      case '--district-deadline':
        args.districtDeadline = districtDeadline(value());
        break;
      case '--reorg-rate':
        args.reorgRate = one();
        break;
      case '--launch-only':
        args.launchOnly = true;
        break;
      case '--seed':
        args.seed = value();
        break;
      case '--out':
        args.out = path.resolve(value());
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  return args;
}
