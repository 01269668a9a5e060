/** `cascade token --sub NAME --role ROLE [--unit UNIT]`: the secretariat issues an access token from the command line. */
import { ACCESS_ROLES, assertAccessSecret } from '../../security/access-token';
import { choiceOption, countOption, flag, requiredOption, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { BadInputError } from '../errors';
import { printJson, viDateTime } from '../output';
import { cliAdminActor } from './org';

/** See the file comment. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'Issue an access token (recorded, listed by `cascade credentials`, revocable); needs API_TOKEN_SECRET.',
  positionals: [],
  options: {
    sub: { type: 'string', value: 'NAME', required: true, description: 'who holds it (a person or an office)' },
    role: { type: 'string', value: 'ROLE', required: true, description: `one of ${ACCESS_ROLES.join(', ')}` },
    unit: { type: 'string', value: 'UNIT', description: 'its unit (required but for the central secretariat; a secretariat with a unit is that committee’s)' },
    'ttl-days': { type: 'string', value: 'N', description: 'days it is valid (default 30, at most 400)' },
    actor: { ...ACTOR_OPTION, description: 'who is issuing it, recorded in the administration trail as declared, not verified (default: $USER)' },
    json: JSON_OPTION,
  },
  details: [
    'The token is printed once; the server keeps only its record (id, holder, role, unit, expiry).',
    'Example: cascade token --sub "Văn phòng Tỉnh ủy Quảng Ninh" --role secretariat --unit QN',
    'The same through the API: POST /api/tokens (a committee’s secretariat issues tokens for its own subtree only).',
  ],
  async run(ctx, args) {
    const sub = requiredOption(args, 'sub', this).trim();
    const role = choiceOption(args, 'role', ACCESS_ROLES, this) as (typeof ACCESS_ROLES)[number];
    const unitId = stringOption(args, 'unit')?.trim() || undefined;
    if (role !== 'secretariat' && unitId === undefined) throw new BadInputError(`--unit is required for a ${role} token`);
    const ttlDays = countOption(args, 'ttl-days', this, 30, 1);
    if (ttlDays > 400) throw new BadInputError(`--ttl-days must be at most 400, got ${ttlDays}`);
    const secret = ctx.env.API_TOKEN_SECRET ?? '';
    try {
      assertAccessSecret(secret);
    } catch (err) {
      throw new BadInputError((err as Error).message);
    }
    const client = await ctx.client({ temporal: false });
    const { token, record } = await client.issueAccessToken(
      { sub, role, ...(unitId === undefined ? {} : { unitId }) },
      { secret, ttlSeconds: ttlDays * 86_400, actor: cliAdminActor(ctx, stringOption(args, 'actor')) },
    );
    if (flag(args, 'json')) return printJson(ctx.output, { id: record.id, token, expiresAt: record.expiresAt });
    const scope = record.unitId ? ` of ${record.unitId}` : ' (central)';
    ctx.output.out(`Issued access token ${record.id} to ${record.subject}, ${record.role}${scope}, valid until ${viDateTime(record.expiresAt)}:`);
    ctx.output.out(token);
  },
};
