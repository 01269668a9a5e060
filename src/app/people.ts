/**
 * The people who sign in by email. The secretariat adds them (an invitation is an added person
 * and a sign-in link emailed to them, sent by the HTTP layer, which holds the mailer) and disables
 * them: a disabled person gets no more sign-in links and every session of theirs is revoked at once.
 */
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { PersonInputSchema } from '../domain/people/person';
import { flattenZodError } from '../domain/text/fields';
import { withTransaction } from '../store/db';
import { disablePersonRow, insertPerson, listPeople, lockPerson, type PersonRecord } from '../store/people';
import { revokePersonSessions } from '../store/sessions';
import { directoryUnit } from '../store/unit-inbox';
import { ConflictError, InputError, NotFoundError } from './errors';

/** A person just disabled, and how many of their sessions were revoked with them. */
export interface DisabledPerson {
  person: PersonRecord;
  sessionsRevoked: number;
}

/** See the file comment. */
export class People {
  constructor(
    private readonly pool: Pool,
    /** Told after sessions were revoked here, so this process's revocation cache is dropped. */
    private readonly onRevoked: () => void,
  ) {}

  /** Adds a person; 400 naming each bad field, 409 when the email is taken. */
  async add(input: unknown, actor: string): Promise<PersonRecord> {
    const parsed = PersonInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = flattenZodError(parsed.error);
      throw new InputError(`the person: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
    }
    const p = parsed.data;
    if (p.unitId !== undefined && !(await directoryUnit(this.pool, p.unitId))) {
      const message = `unitId ${p.unitId} is not in the organisation directory; \`cascade org show\` lists the units`;
      throw new InputError(`the person: unitId: ${message}`, [{ path: 'unitId', rule: 'unknown-unit', message }]);
    }
    const added = await insertPerson(this.pool, {
      id: crypto.randomUUID(),
      email: p.email,
      name: p.name,
      role: p.role,
      unitId: p.unitId ?? null,
      addedBy: actor,
    });
    if (!added)
      throw new ConflictError(`a person with the email ${p.email} exists already; \`cascade people list\` (GET /api/people) lists them`, 'PersonExists');
    return added;
  }

  /** Everyone, active first. */
  list(): Promise<PersonRecord[]> {
    return listPeople(this.pool);
  }

  /** Disables a person and revokes their sessions; 404 unknown, 409 when disabled already. */
  async disable(id: string, actor: string): Promise<DisabledPerson> {
    const done = await withTransaction(this.pool, async (client) => {
      const before = await lockPerson(client, id);
      if (!before) throw new NotFoundError(`no person has the id ${id}; \`cascade people list\` (GET /api/people) lists them`);
      if (before.disabledAt) throw new ConflictError(`${before.email} was disabled already at ${before.disabledAt} by ${before.disabledBy}`, 'AlreadyDisabled');
      const person = (await disablePersonRow(client, id, actor)) as PersonRecord;
      const revoked = await revokePersonSessions(client, id, actor, 'person disabled');
      return { person, sessionsRevoked: revoked.length };
    });
    if (done.sessionsRevoked > 0) this.onRevoked();
    return done;
  }
}
