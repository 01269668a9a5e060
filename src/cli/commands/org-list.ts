/** `cascade org list`: the directory as a list, searched without accents and filtered by level and subtree. */
import { countOption, flag, stringOption, UsageError } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { printJson, table, viCount } from '../output';

/** `cascade org list [--q TEXT] [--level LEVEL] [--under UNIT] [--limit N] [--offset N]`. */
export const orgListCommand: Command = {
  name: 'org list',
  summary: 'List units of the directory: search by name or id (accents optional), by level, under a unit.',
  positionals: [],
  options: {
    q: { type: 'string', value: 'TEXT', description: 'units whose name or id holds TEXT, accents, đ and case aside ("dang uy" finds "Đảng ủy")' },
    level: { type: 'string', value: 'LEVEL', description: 'only units of this level of the directory' },
    under: { type: 'string', value: 'UNIT', description: 'only UNIT and the units under it' },
    limit: { type: 'string', value: 'N', description: 'at most N units (1–1000, default 50)' },
    offset: { type: 'string', value: 'N', description: 'skip the first N (default 0)' },
    json: JSON_OPTION,
  },
  details: [
    'Ordered by id. --json prints { total, units: [{ id, name, level, parentId, email, members, essaysExpected }] }.',
    'Example: cascade org list --q "chi bo" --level cell --under QN-HL',
  ],
  async run(ctx, args) {
    const limit = countOption(args, 'limit', this, 50, 1);
    if (limit > 1000) throw new UsageError(`--limit must be from 1 to 1000, got ${limit}`, this);
    const q = stringOption(args, 'q')?.normalize('NFC').trim();
    if (q !== undefined && (q === '' || q.length > 100 || /\p{Cc}/u.test(q))) throw new UsageError('--q must be text on one line, 1 to 100 characters', this);
    const client = await ctx.client({ temporal: false });
    const page = await client.listOrganisation({
      search: q,
      level: stringOption(args, 'level')?.normalize('NFC'),
      under: stringOption(args, 'under'),
      limit,
      offset: countOption(args, 'offset', this, 0),
    });
    if (flag(args, 'json')) {
      printJson(ctx.output, page);
      return;
    }
    if (page.units.length === 0) {
      ctx.output.out(page.total === 0 ? 'No unit of the directory matches.' : `No unit on this page; ${viCount(page.total)} match in all.`);
      return;
    }
    ctx.output.out(
      table(
        ['id', 'name', 'level', 'parent', 'members'],
        page.units.map((u) => [u.id, u.name, u.level, u.parentId ?? '–', viCount(u.members)]),
      ),
    );
    if (page.total > page.units.length) ctx.output.out(`${viCount(page.units.length)} of ${viCount(page.total)} shown (--limit, --offset for more).`);
  },
};
