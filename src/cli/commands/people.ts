/** `cascade people add|list|disable`, `cascade sessions`, `cascade revoke-session`: the people who sign in by email and their sessions. */
import { PERSON_ROLES } from '../../domain/people/person';
import { choiceOption, flag, positional, requiredOption, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { printJson, table, viDateTime } from '../output';
import { cliAdminActor } from './org';

/** `cascade people add EMAIL --name NAME --role ROLE [--unit UNIT]`: adds a person; they ask for their sign-in link at /sign-in. */
export const peopleAddCommand: Command = {
  name: 'people add',
  summary: 'Add a person who signs in by email (secretariat, supervisor or inspector).',
  positionals: [{ name: 'EMAIL', description: 'their email address' }],
  options: {
    name: { type: 'string', value: 'NAME', required: true, description: 'their full name, as the pages show it' },
    role: { type: 'string', value: PERSON_ROLES.join('|'), required: true, description: 'what they may do' },
    unit: { type: 'string', value: 'UNIT', description: 'their committee (required for supervisors and inspectors; a committee secretariat’s)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: [
    'The person then asks for a sign-in link at <PUBLIC_BASE_URL>/sign-in; POST /api/people adds and emails them one at once (an invitation).',
    'Example: cascade people add bt.halong@quangninh.dcs.vn --name "Nguyễn Văn An" --role supervisor --unit QN-HL',
  ],
  async run(ctx, args) {
    const email = positional(args, 'EMAIL');
    const name = requiredOption(args, 'name', this);
    const role = choiceOption(args, 'role', PERSON_ROLES, this);
    const unitId = stringOption(args, 'unit');
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const person = await (await ctx.client({ temporal: false })).addPerson({ email, name, role, ...(unitId === undefined ? {} : { unitId }) }, actor);
    if (flag(args, 'json')) return printJson(ctx.output, person);
    ctx.output.out(`Added ${person.name} <${person.email}> (${person.role}${person.unitId ? ` of ${person.unitId}` : ''}), id ${person.id}.`);
    ctx.output.out('They sign in by asking for a link at /sign-in with this email.');
  },
};

/** `cascade people list [--json]`. */
export const peopleListCommand: Command = {
  name: 'people list',
  summary: 'List the people who sign in by email (active first).',
  positionals: [],
  options: { json: JSON_OPTION },
  details: ['The same list: GET /api/people (secretariat).'],
  async run(ctx, args) {
    const people = await (await ctx.client({ temporal: false })).listPeople();
    if (flag(args, 'json')) return printJson(ctx.output, people);
    if (people.length === 0) return ctx.output.out('No person has been added.');
    ctx.output.out(
      table(
        ['id', 'email', 'name', 'role', 'unit', 'added', 'by', 'status'],
        people.map((p) => [
          p.id,
          p.email,
          p.name,
          p.role,
          p.unitId ?? '',
          viDateTime(p.addedAt),
          p.addedBy,
          p.disabledAt ? `disabled ${viDateTime(p.disabledAt)} by ${p.disabledBy}` : 'active',
        ]),
      ),
    );
  },
};

/** `cascade people disable ID`: no more sign-in links, every session revoked. */
export const peopleDisableCommand: Command = {
  name: 'people disable',
  summary: 'Disable a person: no more sign-in links, and every session of theirs is revoked.',
  positionals: [{ name: 'ID', description: 'the person’s id (cascade people list)' }],
  options: { actor: ACTOR_OPTION, json: JSON_OPTION },
  details: ['Their sessions fail on every server within 5 s (each server keeps the revocations that long).'],
  async run(ctx, args) {
    const id = positional(args, 'ID');
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const done = await (await ctx.client({ temporal: false })).disablePerson(id, actor);
    if (flag(args, 'json')) return printJson(ctx.output, done);
    ctx.output.out(`Disabled ${done.person.name} <${done.person.email}>; ${done.sessionsRevoked} session(s) revoked.`);
  },
};

/** `cascade sessions [--json]`: every browser session, newest first. */
export const sessionsCommand: Command = {
  name: 'sessions',
  summary: 'List the browser sessions of people signed in by email (status, last seen, browser).',
  positionals: [],
  options: { json: JSON_OPTION },
  details: ['Newest first (at most 1,000), times in Vietnam time. The same list: GET /api/sessions (secretariat).'],
  async run(ctx, args) {
    const sessions = await (await ctx.client({ temporal: false })).sessions(null);
    if (flag(args, 'json')) return printJson(ctx.output, sessions);
    if (sessions.length === 0) return ctx.output.out('No one has signed in.');
    ctx.output.out(
      table(
        ['id', 'person', 'role', 'unit', 'signed in', 'last seen', 'expires', 'status'],
        sessions.map((s) => [
          s.id,
          s.subject,
          s.role,
          s.unitId ?? '',
          viDateTime(s.issuedAt),
          s.lastSeenAt ? viDateTime(s.lastSeenAt) : '',
          viDateTime(s.expiresAt),
          s.status === 'revoked' ? `revoked ${viDateTime(s.revokedAt ?? '')} by ${s.revokedBy}: ${s.reason}` : s.status,
        ]),
      ),
    );
  },
};

/** `cascade revoke-session ID [--reason TEXT]`. */
export const revokeSessionCommand: Command = {
  name: 'revoke-session',
  summary: 'Revoke a browser session (its id from `cascade sessions`).',
  positionals: [{ name: 'ID', description: 'the session id' }],
  options: {
    reason: { type: 'string', value: 'TEXT', description: 'why it is revoked (default "revoked")' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: ['It fails on every server within 5 s; the person signs in again by email.'],
  async run(ctx, args) {
    const id = positional(args, 'ID');
    const reason = stringOption(args, 'reason') ?? 'revoked';
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const record = await (await ctx.client({ temporal: false })).revokeSession(id, reason, actor);
    if (flag(args, 'json')) return printJson(ctx.output, record);
    ctx.output.out(`Revoked session ${record.id} of ${record.subject} at ${viDateTime(record.revokedAt ?? '')}.`);
  },
};
