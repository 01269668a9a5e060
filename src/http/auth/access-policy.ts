/**
 * Who may do what. Secretariat: everything. Supervisor: read its own committee and the subtree below,
 * extend and exempt units strictly below. Inspector (inspection commission): read exactly what a
 * supervisor of its unit reads, change nothing (`requireWriter`, run by the API for every write).
 * Unit (token or report link): act as itself and read its own state. Inbox link: read that one unit's inbox, nothing else.
 */
import type { CascadeClient } from '../../app/cascade-client';
import { NotFoundError } from '../../app/errors';
import { ForbiddenError } from '../errors/http-errors';
import type { Principal } from './principal';
import { isNamedReader } from './secret-visibility';
import type { SecretReader } from '../../domain/directive/secrecy';

/** The checks routes and pages run before they touch anything. */
export class AccessPolicy {
  constructor(private readonly cascade: Pick<CascadeClient, 'ancestors' | 'directoryAncestors' | 'directiveSecrecy'>) {}

  /** Importing the organisation, launching, withdrawing and issuing tokens. */
  requireSecretariat(p: Principal): void {
    if (p.kind !== 'secretariat') throw new ForbiddenError(`only the secretariat may do this; the caller is ${roleName(p)}`);
  }

  /** The subtree a secretariat's lists are limited to: its committee's unit, or undefined for the central secretariat (and everyone else). */
  secretariatScope(p: Principal): string | undefined {
    return p.kind === 'secretariat' ? p.unitId : undefined;
  }

  /** Supervisors, inspectors and the secretariat: the ones who read rollups, lists and pages. */
  requireSupervisor(p: Principal): asserts p is Extract<Principal, { kind: 'secretariat' | 'supervisor' | 'inspector' }> {
    if (p.kind !== 'secretariat' && !isOverseer(p))
      throw new ForbiddenError(`only supervisors, inspectors and the secretariat may read this; the caller is ${roleName(p)}`);
  }

  /**
   * Every write of the API (any method but GET and HEAD) runs this once, before its own check: an
   * inspector reads and never changes anything, so no route can forget to refuse it.
   */
  requireWriter(p: Principal): void {
    if (p.kind === 'inspector')
      throw new ForbiddenError(
        `inspectors only read: ${p.sub} (inspector of ${p.unitId}) may not report, extend, exempt, launch, withdraw, import, edit, issue or revoke anything`,
      );
  }

  /**
   * The subtree a supervisor reads: `requested`, or their own committee when none is asked for.
   * Undefined means the whole directive (secretariat only). Throws 403 outside their subtree.
   */
  async scope(p: Principal, directiveId: string, requested: string | undefined): Promise<string | undefined> {
    this.requireSupervisor(p);
    if (p.kind === 'secretariat') return requested;
    const target = requested ?? p.unitId;
    if (!(await this.within(directiveId, target, p.unitId, true))) {
      throw new ForbiddenError(`${p.kind} of ${p.unitId} may only read ${p.unitId} and the units under it in directive ${directiveId}; ${target} is outside`);
    }
    return target;
  }

  /**
   * The part of the organisation directory a caller may export: `requested` (undefined: the whole
   * directory) for the secretariat; for a supervisor their own unit's subtree, or a unit inside it.
   * Unlike `scope`, this reads the directory as it stands, not a directive's snapshot.
   */
  async directoryScope(p: Principal, requested: string | undefined): Promise<string | undefined> {
    this.requireSupervisor(p);
    if (p.kind === 'secretariat') return requested;
    const target = requested ?? p.unitId;
    if (target === p.unitId) return target;
    try {
      if ((await this.cascade.directoryAncestors(target)).includes(p.unitId)) return target;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    throw new ForbiddenError(`${p.kind} of ${p.unitId} may only export ${p.unitId} and the units under it; ${target} is outside`);
  }

  /** The subtree `scope` checked, without checking again: the request's, or a supervisor's (inspector's) own committee. */
  effectiveScope(p: Principal, requested: string | undefined): string | undefined {
    return requested ?? (isOverseer(p) ? p.unitId : undefined);
  }

  /** Reading one unit's state: its supervisors (subtree), the unit itself, or its report link. */
  async readUnit(p: Principal, directiveId: string, unitId: string): Promise<void> {
    if (p.kind === 'secretariat') return;
    if (isOverseer(p)) {
      if (await this.within(directiveId, unitId, p.unitId, true)) return;
      throw new ForbiddenError(`${p.kind} of ${p.unitId} may only read units under it in directive ${directiveId}; ${unitId} is outside`);
    }
    this.actAsUnit(p, directiveId, unitId);
  }

  /** A unit's timeline (audit trail): supervisors and the secretariat only. */
  async readTimeline(p: Principal, directiveId: string, unitId: string): Promise<void> {
    this.requireSupervisor(p);
    await this.readUnit(p, directiveId, unitId);
  }

  /** Extending a deadline or exempting: the secretariat, or a supervisor of a unit strictly below them. */
  async superviseUnit(p: Principal, directiveId: string, unitId: string): Promise<void> {
    if (p.kind === 'secretariat') return;
    if (p.kind === 'supervisor' && unitId !== p.unitId && (await this.within(directiveId, unitId, p.unitId, false))) return;
    const who = p.kind === 'supervisor' ? `supervisor of ${p.unitId}` : roleName(p);
    throw new ForbiddenError(`${who} may not extend or exempt ${unitId}: only the secretariat or a committee above it may`);
  }

  /** Reporting, correcting, acknowledging: the unit itself (token or link for this directive), or the secretariat. */
  actAsUnit(p: Principal, directiveId: string, unitId: string): void {
    if (p.kind === 'secretariat') return;
    if (p.kind === 'unit' && p.unitId === unitId) return;
    if (p.kind === 'report-link' && p.unitId === unitId && p.directiveId === directiveId) return;
    if (p.kind === 'report-link' && p.directiveId !== directiveId) {
      throw new ForbiddenError(`this report link is for directive ${p.directiveId}, not ${directiveId}`);
    }
    if (p.kind === 'inbox-link')
      throw new ForbiddenError(`an inbox link opens only the inbox of ${p.unitId}; reporting needs its report link or the unit's token`);
    throw new ForbiddenError(`${roleName(p)} may act only for ${'unitId' in p ? p.unitId : 'itself'}, not for ${unitId}`);
  }

  /**
   * A unit's inbox: the unit itself (its token or an inbox link for it), a supervisor whose subtree
   * in the directory holds it, or the secretariat.
   */
  async readInbox(p: Principal, unitId: string): Promise<void> {
    if (p.kind === 'secretariat') return;
    if ((p.kind === 'unit' || p.kind === 'inbox-link') && p.unitId === unitId) return;
    if (isOverseer(p)) {
      if (unitId === p.unitId) return;
      try {
        if ((await this.cascade.directoryAncestors(unitId)).includes(p.unitId)) return;
      } catch (err) {
        // Outside the subtree or not in the directory: the same answer, so nothing leaks about which.
        if (!(err instanceof NotFoundError)) throw err;
      }
      throw new ForbiddenError(`${p.kind} of ${p.unitId} may only read the inboxes of ${p.unitId} and the units under it; ${unitId} is outside`);
    }
    if (p.kind === 'report-link') {
      throw new ForbiddenError(`a report link opens only its report form; the inbox of ${unitId} needs the unit's token or the inbox link in its emails`);
    }
    throw new ForbiddenError(`${roleName(p)} may read only its own inbox, not the inbox of ${unitId}`);
  }

  /**
   * Opting a unit out of the weekly digest (or back in): the unit itself (its token, an inbox link
   * for it, or a supervisor token of that very committee), or the secretariat.
   */
  setDigestPreference(p: Principal, unitId: string): void {
    if (p.kind === 'secretariat') return;
    if ((p.kind === 'unit' || p.kind === 'inbox-link' || p.kind === 'supervisor') && p.unitId === unitId) return;
    if (p.kind === 'report-link')
      throw new ForbiddenError(`a report link opens only its report form; the digest of ${unitId} is set with its inbox link or token`);
    throw new ForbiddenError(`${roleName(p)} may set only its own unit's weekly digest, not that of ${unitId}`);
  }

  /** The directives a caller takes part in: all for the secretariat, else those whose snapshot holds the caller's unit. */
  async visibleDirectives<T extends { id: string }>(p: Principal, listed: T[]): Promise<T[]> {
    const all = await this.withoutHiddenSecrets(p, listed, (d) => d.id);
    if (p.kind === 'secretariat') return all;
    if (p.kind === 'report-link') return all.filter((d) => d.id === p.directiveId);
    // An inbox link grants the inbox only.
    if (p.kind === 'inbox-link') return [];
    const taking = await Promise.all(all.map((d) => this.within(d.id, p.unitId, p.unitId, true)));
    return all.filter((_d, i) => taking[i]);
  }

  /**
   * A secret directive exists only for those it reaches and the readers its spec names: anyone else
   * gets the 404 of a directive never launched, on every route and page (src/http/auth/secret-visibility.ts).
   * A directive never launched is that 404 for everyone, before any other check, so the two answer alike.
   */
  async requireDirectiveVisible(p: Principal, directiveId: string): Promise<void> {
    const secrecy = await this.cascade.directiveSecrecy(directiveId);
    if (secrecy && (!secrecy.secret || (await this.seesSecret(p, directiveId, secrecy.readers)))) return;
    throw new NotFoundError(`directive ${directiveId} has not been launched`);
  }

  /** `list` without the secret directives hidden from the caller (`idOf` names each item's directive). */
  async withoutHiddenSecrets<T>(p: Principal, list: T[], idOf: (item: T) => string): Promise<T[]> {
    const shown = await Promise.all(
      list.map(async (item) => {
        const secrecy = await this.cascade.directiveSecrecy(idOf(item));
        return !secrecy?.secret || this.seesSecret(p, idOf(item), secrecy.readers);
      }),
    );
    return list.filter((_item, i) => shown[i]);
  }

  /**
   * Who sees a secret directive: the readers named at launch (a secretariat, an inspection commission),
   * its report links, and the units it reaches through their own unit (its token, inbox link or
   * supervisors); an inspector or a secretariat only when named, even over units it reaches.
   */
  private async seesSecret(p: Principal, directiveId: string, readers: readonly SecretReader[]): Promise<boolean> {
    if (isNamedReader(p, readers)) return true;
    if (p.kind === 'report-link') return p.directiveId === directiveId;
    if (p.kind === 'supervisor' || p.kind === 'unit' || p.kind === 'inbox-link') return this.within(directiveId, p.unitId, p.unitId, true);
    return false;
  }

  /** True when `unitId` is `root` (if `inclusive`) or has `root` among its ancestors in the directive. */
  private async within(directiveId: string, unitId: string, root: string, inclusive: boolean): Promise<boolean> {
    try {
      if (unitId === root) {
        // Their own committee must take part in the directive, or there is nothing of theirs to see.
        await this.cascade.ancestors(directiveId, root);
        return inclusive;
      }
      return (await this.cascade.ancestors(directiveId, unitId)).includes(root);
    } catch (err) {
      // A supervisor learns nothing about units outside their subtree, not even whether they exist.
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }
}

/** A supervisor or an inspector: the callers that read one committee's subtree. */
function isOverseer(p: Principal): p is Extract<Principal, { kind: 'supervisor' | 'inspector' }> {
  return p.kind === 'supervisor' || p.kind === 'inspector';
}

function roleName(p: Principal): string {
  if (p.kind === 'secretariat') return 'the secretariat';
  if (p.kind === 'report-link' || p.kind === 'inbox-link') return `the ${p.kind.replace('-', ' ')} of ${p.unitId}`;
  return `${p.kind} ${p.unitId}`;
}
