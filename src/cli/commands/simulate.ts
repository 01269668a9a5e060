/** `cascade simulate SPEC`: a dry run of a directive on Temporal's time-skipping test server, touching no server of the project. */
import path from 'node:path';
import fs from 'node:fs';
import { readOrganisationFile } from '../../app/organisation';
import { sampleProvince } from '../../dev/demo/sample-province';
import { DEFAULT_LEVEL_DEFINITIONS } from '../../domain/org/levels';
import { requireValidOrg, type OrgTree } from '../../domain/org/org';
import { decodeOrgFile, ORG_FORMATS, type OrgFormat } from '../../domain/org/org-import';
import { dryRunComparisonText, dryRunText } from '../../domain/simulation/dry-run-text';
import { BUILT_IN_PROFILES, parseUnitProfile, UnitProfileError, type UnitProfile } from '../../domain/simulation/unit-profile';
import { prepareSimDirective } from '../../sim/sim-directive';
import { prepareDryRunTools, runDryRun } from '../../sim/run-dry-run';
import { choiceOption, flag, positional, stringOption } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { BadInputError } from '../errors';
import { readDataFile, readInputBytes, readInputFile } from '../files';
import { printJson } from '../output';

const DEFAULT_PROFILE = 'typical';

/** `cascade simulate SPEC [--org FILE] [--profile NAME|FILE] [--compare SPEC2] [--json] [--lang vi|en]`. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Dry-run a directive: emails per day, peak rate and overdue units per level, with simulated units (nothing is sent or recorded).',
  positionals: [{ name: 'SPEC', description: 'the directive spec, YAML or JSON, as for `cascade launch`' }],
  options: {
    org: {
      type: 'string',
      value: 'FILE',
      description: 'the organisation, .csv, .json or .yaml as for `cascade org import` (default: the bundled Quảng Ninh sample)',
    },
    profile: {
      type: 'string',
      value: 'NAME|FILE',
      description: `how units behave: ${Object.keys(BUILT_IN_PROFILES).join(', ')}, or a JSON/YAML file (default ${DEFAULT_PROFILE})`,
    },
    compare: { type: 'string', value: 'SPEC2', description: 'a second spec, run the same way and printed beside the first' },
    lang: { type: 'string', value: 'vi|en', description: 'language of the output (default vi)' },
    json: JSON_OPTION,
  },
  details: [
    "Runs the real committee workflows on Temporal's time-skipping test server in this process (fetched once into",
    '~/.cache/directive-cascade, as `npm test` does), with activities that record instead of writing PostgreSQL or',
    'sending mail: DATABASE_URL, SMTP_URL and TEMPORAL_ADDRESS are never used. Simulated units report with the same',
    'update the real client sends, at the instants the profile draws (seeded: the same inputs give the same run).',
    'A profile file: { "onTime": 0.8, "late": 0.15, "never": 0.05, "seed": 7, "onTimeWindowDays": 14,',
    '  "lateDays": { "min": 1, "max": 10 }, "attendance": 0.97, "essays": 0.95 } (only the three shares are required).',
    'Prints per Vietnam day the notices, reminders and escalations, the peak emails per clock hour and minute, and the',
    'overdue units per level just after each deadline and at the end (14 days after the last escalation).',
    'Examples: cascade simulate examples/directive.yaml --profile late-fifth',
    '          cascade simulate a.yaml --compare b.yaml --org examples/org.csv --profile my-profile.json --json',
  ],
  async run(ctx, args) {
    const lang = choiceOption(args, 'lang', ['vi', 'en'] as const, this) ?? 'vi';
    const specFiles = [positional(args, 'SPEC'), ...(stringOption(args, 'compare') === undefined ? [] : [stringOption(args, 'compare') as string])];
    const orgFile = stringOption(args, 'org');
    const tree = orgFile === undefined ? requireValidOrg(sampleProvince(), DEFAULT_LEVEL_DEFINITIONS) : readOrg(orgFile);
    const profileArgument = stringOption(args, 'profile') ?? DEFAULT_PROFILE;
    const profile = readProfile(profileArgument);
    const profileName = profile.name ?? profileArgument;
    const calendars = ctx.calendars();
    const specs = specFiles.map((file) => ({ file, text: readInputFile(file, 'directive spec') }));
    // Checked before any server starts: a bad spec is refused at once, as a launch refuses it.
    for (const spec of specs) {
      const checked = prepareSimDirective(spec.text, tree, calendars, new Date().toISOString());
      if (checked.spec.periodic?.length) ctx.output.err(`note: ${spec.file} asks for periodic report rounds; a dry run covers the directive's own round only`);
    }

    const started = Date.now();
    const tools = await prepareDryRunTools((line) => ctx.output.err(line));
    const summaries = [];
    for (const spec of specs) {
      ctx.output.err(`dry run of ${spec.file} over ${tree.size} units (${orgFile ?? 'the Quảng Ninh sample'}), profile ${profileName}...`);
      summaries.push(await runDryRun({ specText: spec.text, tree, profile, profileName, calendars, log: (line) => ctx.output.err(line) }, tools));
    }
    ctx.output.err(`dry run finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const [a, b] = summaries;
    if (a === undefined) return;
    if (flag(args, 'json')) printJson(ctx.output, b === undefined ? a : { a, b });
    else ctx.output.out(b === undefined ? dryRunText(a, lang) : dryRunComparisonText(a, b, lang));
  },
};

/** The organisation file as `cascade org import` reads it, with the levels it declares or the default four. */
function readOrg(file: string): OrgTree {
  const extension = path.extname(file).slice(1).toLowerCase();
  const format = (extension === 'yml' ? 'yaml' : extension) as OrgFormat;
  if (!ORG_FORMATS.includes(format)) throw new BadInputError(`--org ${file}: the organisation file must end in .csv, .json, .yaml or .yml`);
  const document = readOrganisationFile(decodeOrgFile(readInputBytes(file, 'organisation file'), format), format);
  return requireValidOrg(document.units, document.levels ?? DEFAULT_LEVEL_DEFINITIONS);
}

/** A built-in profile by name, or a profile file; bad input names the field. */
function readProfile(nameOrFile: string): UnitProfile {
  if (Object.hasOwn(BUILT_IN_PROFILES, nameOrFile)) return BUILT_IN_PROFILES[nameOrFile] as UnitProfile;
  if (!fs.existsSync(nameOrFile))
    throw new BadInputError(`--profile "${nameOrFile}" is neither a built-in profile (${Object.keys(BUILT_IN_PROFILES).join(', ')}) nor a file`);
  try {
    return parseUnitProfile(readDataFile(nameOrFile, 'profile'), nameOrFile);
  } catch (err) {
    if (err instanceof UnitProfileError) throw new BadInputError(err.message);
    throw err;
  }
}
