/** `cascade credentials`, `cascade revoke`, `cascade revoke-links`: the secretariat lists the access tokens issued and revokes credentials. */
import { LINK_KINDS } from '../../security/revocation-list';
import { choiceOption, flag, positional, requiredOption, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { printJson, table, viDateTime } from '../output';
import { cliAdminActor } from './org';

const REVOCATION_BOUND = 'A revoked credential fails on every server within 5 s (each server keeps the revocations that long).';

/** `cascade credentials [--json]`: the access tokens issued, with their status, and the link families revoked. */
export const credentialsCommand: Command = {
  name: 'credentials',
  summary: 'List the access tokens issued (status, issuer, expiry) and the link families revoked.',
  positionals: [],
  options: { json: JSON_OPTION },
  details: ['Tokens newest first (at most 1,000), times in Vietnam time. The same list: GET /api/credentials (secretariat).'],
  async run(ctx, args) {
    const listing = await (await ctx.client({ temporal: false })).credentials();
    if (flag(args, 'json')) return printJson(ctx.output, listing);
    if (listing.tokens.length === 0) ctx.output.out('No access token has been issued.');
    else
      ctx.output.out(
        table(
          ['id', 'subject', 'role', 'unit', 'issued', 'by', 'expires', 'status'],
          listing.tokens.map((t) => [
            t.id,
            t.subject,
            t.role,
            t.unitId ?? '',
            viDateTime(t.issuedAt),
            t.issuedBy,
            viDateTime(t.expiresAt),
            t.status === 'revoked' ? `revoked ${viDateTime(t.revokedAt ?? '')} by ${t.revokedBy}: ${t.reason}` : t.status,
          ]),
        ),
      );
    if (listing.linkFamilies.length === 0) return ctx.output.out('No link family has been revoked.');
    ctx.output.out('');
    ctx.output.out(
      table(
        ['links', 'unit', 'directive', 'minted until', 'by', 'reason'],
        listing.linkFamilies.map((f) => [
          f.kind,
          f.unitId,
          f.directiveId ?? (f.kind === 'report' ? '(all)' : ''),
          viDateTime(f.revokedAt),
          f.revokedBy,
          f.reason,
        ]),
      ),
    );
  },
};

/** `cascade revoke ID --reason TEXT`: revokes one access token. */
export const revokeCommand: Command = {
  name: 'revoke',
  summary: 'Revoke an access token (its id from `cascade credentials`).',
  positionals: [{ name: 'ID', description: 'the token id' }],
  options: {
    reason: { type: 'string', value: 'TEXT', required: true, description: 'why it is revoked (required)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: [
    REVOCATION_BOUND,
    'A token revoked already is refused (exit 1), saying when and by whom.',
    'Example: cascade revoke 1f0c…e9 --reason "lost laptop"',
  ],
  async run(ctx, args) {
    const id = positional(args, 'ID');
    const reason = requiredOption(args, 'reason', this);
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const record = await (await ctx.client({ temporal: false })).revokeAccessToken(id, reason, actor);
    if (flag(args, 'json')) return printJson(ctx.output, record);
    ctx.output.out(
      `Revoked access token ${record.id} (${record.subject}, ${record.role}${record.unitId ? ` of ${record.unitId}` : ''}) at ${viDateTime(record.revokedAt ?? '')}.`,
    );
  },
};

/** `cascade revoke-links UNIT --kind report|inbox [--directive ID] --reason TEXT`: revokes a unit's emailed links minted until now. */
export const revokeLinksCommand: Command = {
  name: 'revoke-links',
  summary: "Revoke a unit's emailed report links (of one directive, or all) or its inbox links, minted until now.",
  positionals: [{ name: 'UNIT', description: 'the unit id' }],
  options: {
    kind: { type: 'string', value: 'report|inbox', required: true, description: 'which links: report forms or the inbox' },
    directive: { type: 'string', value: 'ID', description: 'report links of this directive only (default: every directive)' },
    reason: { type: 'string', value: 'TEXT', required: true, description: 'why they are revoked (required)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: [
    REVOCATION_BOUND,
    'Links minted later work: the next email, or the inbox page for report links, brings the unit a fresh one. Revoking again moves the cut-off to now.',
    'Example: cascade revoke-links QN-HL-017 --kind report --directive 05-CT-TW-2026 --reason "forwarded to the wrong address"',
  ],
  async run(ctx, args) {
    const unitId = positional(args, 'UNIT');
    const kind = choiceOption(args, 'kind', LINK_KINDS, this);
    const directiveId = stringOption(args, 'directive');
    const reason = requiredOption(args, 'reason', this);
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const family = await (
      await ctx.client({ temporal: false })
    ).revokeLinks(unitId, { kind, reason, ...(directiveId === undefined ? {} : { directiveId }) }, actor);
    if (flag(args, 'json')) return printJson(ctx.output, family);
    const which = family.kind === 'inbox' ? 'inbox links' : `report links${family.directiveId ? ` in ${family.directiveId}` : ' in every directive'}`;
    ctx.output.out(`Revoked the ${which} of ${family.unitId} minted until ${viDateTime(family.revokedAt)}.`);
  },
};
