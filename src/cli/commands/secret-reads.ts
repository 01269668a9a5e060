/** `cascade secret-reads [--directive ID] [--sub S] [--limit N] [--json]`: who read which secret directive, and when. */
import { countOption, flag, stringOption } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { printJson, table, viDateTime } from '../output';

/** See the file comment. */
export const secretReadsCommand: Command = {
  name: 'secret-reads',
  summary: 'List every read of a secret directive (who, with what, which page, status, when).',
  positionals: [],
  options: {
    directive: { type: 'string', value: 'ID', description: 'only the reads of the secret directive ID (its opaque id, m-…)' },
    sub: { type: 'string', value: 'S', description: 'only the reads of the token or session subject S' },
    limit: { type: 'string', value: 'N', description: 'the newest N reads (default 200, at most 1000)' },
    json: JSON_OPTION,
  },
  details: [
    'Oldest first, times in Vietnam time; refused reads (404) are listed too. The same list: GET /api/secret-reads?directive=&sub=&limit= (central secretariat).',
  ],
  async run(ctx, args) {
    const directive = stringOption(args, 'directive');
    const sub = stringOption(args, 'sub');
    const limit = countOption(args, 'limit', this, 200, 1);
    const entries = await (
      await ctx.client({ temporal: false })
    ).secretReads({
      ...(directive === undefined ? {} : { directive }),
      ...(sub === undefined ? {} : { sub }),
      limit,
    });
    if (flag(args, 'json')) return printJson(ctx.output, entries);
    if (entries.length === 0) return ctx.output.out('No secret directive has been read.');
    ctx.output.out(
      table(
        ['when', 'directive', 'reader', 'role', 'of', 'request', 'unit', 'status'],
        entries.map((e) => [viDateTime(e.at), e.directiveId, e.subject, e.role, e.unitId ?? '', `${e.method} ${e.path}`, e.targetUnit ?? '', String(e.status)]),
      ),
    );
  },
};
