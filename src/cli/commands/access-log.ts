/** `cascade access-log [--sub S] [--limit N] [--json]`: the secretariat reads what inspectors read. */
import { countOption, flag, stringOption } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { printJson, table, viDateTime } from '../output';

/** See the file comment. */
export const accessLogCommand: Command = {
  name: 'access-log',
  summary: 'List the requests inspectors made (who, route, directive, unit, status, when).',
  positionals: [],
  options: {
    sub: { type: 'string', value: 'S', description: 'only the requests of the token subject S' },
    limit: { type: 'string', value: 'N', description: 'the newest N requests (default 200, at most 1000)' },
    json: JSON_OPTION,
  },
  details: ['Oldest first, times in Vietnam time. The same list: GET /api/access-log?sub=&limit= (secretariat).'],
  async run(ctx, args) {
    const sub = stringOption(args, 'sub');
    const limit = countOption(args, 'limit', this, 200, 1);
    const entries = await (await ctx.client({ temporal: false })).inspectorAccessLog({ ...(sub === undefined ? {} : { sub }), limit });
    if (flag(args, 'json')) return printJson(ctx.output, entries);
    if (entries.length === 0) return ctx.output.out(sub === undefined ? 'No inspector has made a request.' : `Inspector ${sub} has made no request.`);
    ctx.output.out(
      table(
        ['when', 'inspector', 'of', 'request', 'directive', 'unit', 'status'],
        entries.map((e) => [viDateTime(e.at), e.subject, e.unitId, `${e.method} ${e.path}`, e.directiveId ?? '', e.targetUnit ?? '', String(e.status)]),
      ),
    );
  },
};
