/** Supervisor pages: the directives, a committee's tree with live figures, a unit with its timeline. */
import { z } from 'zod';
import { NotFoundError } from '../../app/errors';
import type { DirectiveSummary } from '../../store/directory-queries';
import { unitIdField } from '../../domain/org/org-unit';
import type { Principal } from '../auth/principal';
import { principalOf } from '../api/route-kit';
import { DirectiveIdSchema } from '../request/schemas';
import type { Lang } from './i18n';
import { findDirective, sendPage, type PageDeps, type PagePlugin } from './page-kit';
import { dashboardSession } from '../auth/session-auth';
import { noteDirectivesShown } from '../auth/secret-read-log';
import { committeePage, type Crumb } from './views/committee-view';
import { directivesPage } from './views/directives-view';
import { href } from './views/layout';
import { unitPage } from './views/unit-view';
import { narrowDirectives } from '../../app/list-filters';
import { CommitteePageFilters, DirectivesPageFilters } from './filter-query';
import { committeeFilters, directiveFilterForm, filtering } from './views/list-filter-view';
import { directiveActions, secretariatLinks, unitActions } from './views/workplace-actions';
import { viewerShell } from './viewer-shell';
import { ForbiddenError } from '../errors/http-errors';

/** Whether an access check passes: the pages offer only the forms the API would accept from the viewer. */
async function allowed(check: () => unknown): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (err) {
    if (err instanceof ForbiddenError) return false;
    throw err;
  }
}

const PageQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi'), token: z.string().max(4000).optional() });
const DirectivesQuery = PageQuery.extend(DirectivesPageFilters);
const CommitteeQuery = PageQuery.extend({ unit: unitIdField('unit').optional(), ...CommitteePageFilters });
const DirectivePath = z.object({ directiveId: DirectiveIdSchema });
const UnitPath = DirectivePath.extend({ unitId: unitIdField('unitId') });
const page = { page: true } as const;

/** "Toàn bộ chỉ thị (TW)": the root committee is the issuer, which tracks no state of its own. */
function rootLabel(d: DirectiveSummary, lang: Lang): string {
  return lang === 'en' ? `Whole directive (${d.rootUnitId})` : `Toàn bộ chỉ thị (${d.rootUnitId})`;
}

/** Links up the tree from the viewer's own committee (the root for the secretariat) to just above `unitId`. */
async function crumbsFor(deps: PageDeps, p: Principal, d: DirectiveSummary, unitId: string, lang: Lang): Promise<Crumb[]> {
  if (unitId === d.rootUnitId) return [];
  let chain = [...(await deps.cascade.ancestors(d.id, unitId))].reverse();
  if (p.kind === 'supervisor' || p.kind === 'inspector') chain = chain.includes(p.unitId) ? chain.slice(chain.indexOf(p.unitId)) : [];
  const names = await Promise.all(
    chain.map((id) =>
      id === d.rootUnitId
        ? Promise.resolve(rootLabel(d, lang))
        : deps.cascade.unit(d.id, id).then(
            (u) => u.name,
            () => id,
          ),
    ),
  );
  return chain.map((id, i) => ({ label: names[i] ?? id, href: href(`/dashboard/${d.id}`, lang, { unit: id === d.rootUnitId ? undefined : id }) }));
}

/** Registers the supervisor pages (each needs a supervisor or secretariat session). */
export const dashboardRoutes: PagePlugin = async (app, deps) => {
  const { cascade, access } = deps;
  app.addHook('onRequest', dashboardSession(deps));

  /** The directives the viewer takes part in. */
  app.get('/dashboard', { config: page, schema: { hide: true, querystring: DirectivesQuery } }, async (request, reply) => {
    const p = principalOf(request);
    const { q, status } = request.query;
    const directives = await narrowDirectives(cascade, await access.visibleDirectives(p, await cascade.directives()), { q, status });
    const filters = directiveFilterForm({ lang: request.query.lang, q, status });
    const shownIds = directives.map((d) => d.id);
    noteDirectivesShown(request, shownIds);
    const who = p.kind === 'secretariat' ? `${p.sub} · ${p.kind}${p.unitId ? ` ${p.unitId}` : ''}` : `${p.sub} · ${p.unitId}`;
    const links = (await allowed(() => access.requireSecretariat(p, { subtree: 'launch directives' }))) ? secretariatLinks(request.query.lang) : undefined;
    return sendPage(
      reply,
      directivesPage({
        lang: request.query.lang,
        url: request.url,
        directives,
        who,
        filters,
        filtered: q !== undefined || status !== undefined,
        shell: viewerShell(deps, p),
        ...(links ? { links } : {}),
      }),
    );
  });

  /** A committee's tree from the chosen unit down (the viewer's own committee by default), refreshed live. */
  app.get('/dashboard/:directiveId', { config: page, schema: { hide: true, params: DirectivePath, querystring: CommitteeQuery } }, async (request, reply) => {
    const p = principalOf(request);
    const { lang } = request.query;
    const launched = await findDirective(cascade, request.params.directiveId);
    const scopeId = (await access.scope(p, launched.id, request.query.unit)) ?? launched.rootUnitId;
    const { asOf } = request.query;
    let view;
    try {
      view = asOf === undefined ? await cascade.committee(launched.id, scopeId) : await cascade.committeeAsOf(launched.id, scopeId, asOf);
    } catch (err) {
      // A unit with nothing under it has no committee of its own: show its unit page instead.
      if (err instanceof NotFoundError && scopeId !== launched.rootUnitId) return reply.redirect(href(`/dashboard/${launched.id}/units/${scopeId}`, lang), 303);
      throw err;
    }
    // As of an instant the directive is withdrawn or not as it stood then.
    const directive = asOf === undefined ? launched : { ...launched, status: view.withdrawnAt === null ? 'active' : 'withdrawn' };
    const under = scopeId === directive.rootUnitId ? undefined : scopeId;
    const { q, status, level } = request.query;
    const readsQuarantine = await allowed(() => access.requireSecretariat(p, { directive: directive.id, what: 'read the quarantine of' }));
    const [levels, overdue, membersMismatch, crumbs, quarantined, found, progressChart] = await Promise.all([
      cascade.directiveLevels(directive.id),
      cascade.listUnits(directive.id, { status: 'overdue', under, limit: 20, asOf }),
      cascade.listUnits(directive.id, { membersMismatch: true, under, limit: 20, asOf }),
      crumbsFor(deps, p, directive, scopeId, lang),
      readsQuarantine ? cascade.quarantine(directive.id).then((entries) => entries.length) : null,
      filtering({ q, status, level }) ? cascade.listUnits(directive.id, { search: q, status, level, under, limit: 50, asOf }) : null,
      cascade.progressChart(directive.id, { unitId: scopeId, lang, asOf }),
    ]);
    const filters = committeeFilters({ lang, directiveId: directive.id, unit: request.query.unit, under, filters: { q, status, level }, levels, found, asOf });
    // As of an instant before the scope received the directive it has no state: its name comes from the snapshot.
    const scopeName = view.self?.name ?? (scopeId === directive.rootUnitId ? rootLabel(directive, lang) : (await cascade.unitInfo(directive.id, scopeId)).name);
    const now = new Date().toISOString();
    const canWithdraw =
      asOf === undefined && directive.status === 'active' && (await allowed(() => access.requireSecretariat(p, { directive: directive.id, what: 'withdraw' })));
    return sendPage(
      reply,
      committeePage({
        lang,
        url: request.url,
        directive,
        scopeId,
        scopeName,
        crumbs,
        view,
        overdue,
        membersMismatch,
        quarantined,
        progressChart,
        levels,
        pollIntervalMs: deps.pollIntervalMs,
        now,
        ...(asOf === undefined ? {} : { asOf }),
        filters,
        shell: viewerShell(deps, p),
        ...(canWithdraw ? { actions: directiveActions(lang, directive.id) } : {}),
      }),
    );
  });

  /** One unit: state, report and timeline (received, reminded, reported, escalated), refreshed live. */
  app.get(
    '/dashboard/:directiveId/units/:unitId',
    { config: page, schema: { hide: true, params: UnitPath, querystring: PageQuery } },
    async (request, reply) => {
      const p = principalOf(request);
      const { lang } = request.query;
      const { directiveId, unitId } = request.params;
      await access.readTimeline(p, directiveId, unitId);
      const directive = await findDirective(cascade, directiveId);
      const [levels, unit, timeline, crumbs] = await Promise.all([
        cascade.directiveLevels(directiveId),
        cascade.unit(directiveId, unitId),
        cascade.timeline(directiveId, unitId),
        crumbsFor(deps, p, directive, unitId, lang),
      ]);
      const now = new Date().toISOString();
      const open = directive.status === 'active' && unit.exemptedAt === null && unit.withdrawnAt === null;
      const actions = open && (await allowed(() => access.superviseUnit(p, directiveId, unitId))) ? unitActions(lang, directiveId, unitId) : undefined;
      return sendPage(
        reply,
        unitPage({
          lang,
          url: request.url,
          directive,
          unit,
          timeline,
          crumbs,
          levels,
          pollIntervalMs: deps.pollIntervalMs,
          now,
          shell: viewerShell(deps, p),
          ...(actions ? { actions } : {}),
        }),
      );
    },
  );
};
