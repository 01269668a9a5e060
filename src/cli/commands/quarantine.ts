/** `cascade quarantine DIRECTIVE`: the secretariat's view of journal entries PostgreSQL refused for good. */
import { flag, positional } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { printJson, table, viCount, viDateTime } from '../output';

/** Lists the quarantined journal entries of a directive with PostgreSQL's reason, oldest first. */
export const quarantineCommand: Command = {
  name: 'quarantine',
  summary: 'List the journal entries of a directive that PostgreSQL refused and the journal set aside.',
  positionals: [{ name: 'DIRECTIVE', description: 'the directive id (see `cascade directives`)' }],
  options: { json: JSON_OPTION },
  details: [
    "An entry (an audit record or a unit's projection row) that PostgreSQL refuses for good — a value",
    'it cannot hold — is kept aside so the rest is written and the committee goes on; the worker logs',
    "an ALERT line for each. The unit's live state in its workflow is unaffected.",
    'Each entry is printed below the table as JSON (control characters escaped).',
  ],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const entries = await (await ctx.client({ temporal: false })).quarantine(directiveId);
    if (flag(args, 'json')) {
      printJson(ctx.output, entries);
      return;
    }
    if (entries.length === 0) {
      ctx.output.out(`No journal entry of directive ${directiveId} is in quarantine: PostgreSQL has stored everything.`);
      return;
    }
    const count = entries.length === 1 ? '1 journal entry' : `${viCount(entries.length)} journal entries`;
    ctx.output.out(`${count} of directive ${directiveId} in quarantine (PostgreSQL refused them; the rest was written):`);
    ctx.output.out(
      table(
        ['#', 'quarantined', 'unit', 'entry', 'error'],
        entries.map((q) => [String(q.id), viDateTime(q.quarantinedAt), q.unitId ?? '–', `${q.entryType} ${q.kind}`, `${q.errorCode} ${q.errorMessage}`]),
      ),
    );
    ctx.output.out('Entries as handed to the journal:');
    for (const q of entries) ctx.output.out(`#${q.id} ${JSON.stringify(q.entry)}`);
  },
};
