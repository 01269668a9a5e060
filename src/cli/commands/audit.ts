/** `cascade audit [--action A] [--actor S] [--limit N] [--json]`: the administration audit trail. */
import { ADMIN_ACTIONS, DECLARED_LABEL } from '../../domain/audit/admin-actor';
import { countOption, flag, stringOption } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { printJson, table, viDateTime } from '../output';

/** See the file comment. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'List the administrative actions (launches, withdrawals, imports, edits, tokens, …) with the actor their credential proves.',
  positionals: [],
  options: {
    action: { type: 'string', value: 'A', description: `only this action (${ADMIN_ACTIONS.join(', ')})` },
    actor: { type: 'string', value: 'S', description: 'only the actions of this subject or credential id' },
    limit: { type: 'string', value: 'N', description: 'the newest N actions (default 200, at most 1000)' },
    json: JSON_OPTION,
  },
  details: [
    'Newest first, times in Vietnam time. An actor is shown with the credential that proves it (token, session or link id);',
    `one given with --actor on the CLI is marked "${DECLARED_LABEL.vi}" (${DECLARED_LABEL.en}).`,
    'The same list: GET /api/audit?action=&actor=&limit= (secretariat; a committee secretariat sees its subtree).',
  ],
  async run(ctx, args) {
    const action = stringOption(args, 'action');
    const actor = stringOption(args, 'actor');
    const limit = countOption(args, 'limit', this, 200, 1);
    const entries = await (
      await ctx.client({ temporal: false })
    ).adminAudit({ ...(action === undefined ? {} : { action }), ...(actor === undefined ? {} : { actor }), limit });
    if (flag(args, 'json')) return printJson(ctx.output, entries);
    if (entries.length === 0) return ctx.output.out('Chưa có thao tác quản trị nào được ghi. / No administrative action is recorded.');
    ctx.output.out(
      table(
        ['khi / when', 'thao tác / action', 'đối tượng / target', 'người làm / actor', 'chi tiết / details'],
        entries.map((e) => [viDateTime(e.at), e.action, e.target, e.actorDescription.vi, JSON.stringify(e.details)]),
      ),
    );
  },
};
