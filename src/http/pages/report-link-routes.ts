/** The report form a unit reaches from the link in its email: no account, the signed link is the permission. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CascadeError } from '../../app/errors';
import { documentKindName } from '../../domain/directive/document-kind';
import { vnIsoDate } from '../../domain/time/vn-time';
import { refusedToken } from '../auth/principal';
import { noteDirectivesShown, noteLinkReader } from '../auth/secret-read-log';
import { assertLinkNotRevoked } from '../auth/revocation-check';
import { enforceLimit } from '../limits/rate-limits';
import { verifyReportToken, type ReportGrant } from '../../security/report-link';
import { fill, strings, type Lang } from './i18n';
import { findDirective, sendPage, type PageDeps, type PagePlugin } from './page-kit';
import { formFromReport, issuesByField, reportFromForm, type FormIssue } from './report-form';
import { readReportForm } from './report-form-upload';
import { href } from './views/layout';
import { messagePage } from './views/message-view';
import { confirmationPage, reportFormPage } from './views/report-form-view';

const TokenPath = z.object({ token: z.string().min(1).max(2000) });
const LangQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi') });
const FormBody = z.record(z.string(), z.string(), { error: 'send the form fields (application/x-www-form-urlencoded)' });
const page = { page: true } as const;

/** The grant in a report link, or 401 (tampered, malformed, expired or revoked). */
async function grantOf(token: string, deps: PageDeps): Promise<ReportGrant> {
  const check = verifyReportToken(token, deps.secrets.linkSecret);
  if (!check.ok) throw refusedToken(check.reason);
  await assertLinkNotRevoked(deps.cascade, { kind: 'report', unitId: check.unitId, directiveId: check.directiveId, issuedAt: check.issuedAt });
  return { directiveId: check.directiveId, unitId: check.unitId, expiresAt: check.expiresAt };
}

/** Members and essays expected from the organisation directory, to start a first report with. */
async function directoryFigures(deps: PageDeps, unitId: string): Promise<Record<string, string>> {
  const unit = (await deps.cascade.organisation(unitId)).find((u) => u.id === unitId);
  return unit ? { members: String(unit.members), essaysExpected: String(unit.essaysExpected) } : {};
}

/** The file attached to the unit's report now, for the form to name (a new one replaces it). */
async function currentAttachment(deps: PageDeps, grant: ReportGrant) {
  return (await deps.cascade.attachments(grant.directiveId, grant.unitId)).find((a) => a.replacedAt === null) ?? null;
}

/** Registers GET/POST /report/:token and the confirmation page. */
export const reportLinkRoutes: PagePlugin = async (app, deps) => {
  const { cascade } = deps;
  const action = (token: string) => `/report/${token}`;

  /** A page saying the unit has nothing to report (withdrawn or exempted), or null. */
  function closedPage(
    reply: FastifyReply,
    lang: Lang,
    url: string,
    directive: { code: string },
    unit: { withdrawnAt: string | null; exemptedAt: string | null },
  ) {
    const t = strings(lang);
    const named = { kind: documentKindName(directive.code, lang), code: directive.code };
    if (unit.withdrawnAt) return sendPage(reply, messagePage({ lang, url, title: fill(t.closedTitle, named), message: fill(t.closedBody, named) }), 409);
    if (unit.exemptedAt) return sendPage(reply, messagePage({ lang, url, title: t.exemptedTitle, message: t.exemptedBody }), 409);
    return null;
  }

  /** The form: a first report, or a correction (prefilled) once the unit has reported. */
  app.get('/report/:token', { config: page, schema: { hide: true, params: TokenPath, querystring: LangQuery } }, async (request, reply) => {
    const { lang } = request.query;
    const grant = await grantOf(request.params.token, deps);
    // Its directive may be secret: this read is logged like any other (src/http/auth/secret-read-log.ts).
    noteLinkReader(request, { kind: 'report-link', sub: `report link of ${grant.unitId}`, ...grant });
    noteDirectivesShown(request, [grant.directiveId]);
    const [directive, unit, attachment] = await Promise.all([
      findDirective(cascade, grant.directiveId),
      cascade.unit(grant.directiveId, grant.unitId),
      currentAttachment(deps, grant),
    ]);
    const closed = closedPage(reply, lang, request.url, directive, unit);
    if (closed) return closed;
    const values = unit.report ? formFromReport(unit.report) : await directoryFigures(deps, unit.unitId);
    const today = vnIsoDate(new Date().toISOString());
    return sendPage(
      reply,
      reportFormPage({
        lang,
        url: request.url,
        action: href(action(request.params.token), lang),
        directive,
        unit,
        values,
        errors: new Map(),
        formError: null,
        today,
        attachment,
      }),
    );
  });

  /** Files (or corrects) the report; the shared rules judge it and their issues come back next to each field. */
  // A plain form post, or multipart/form-data when a file is attached (the body is then read as a stream, below).
  app.post(
    '/report/:token',
    { config: page, schema: { hide: true, params: TokenPath, querystring: LangQuery, body: FormBody.nullish() } },
    async (request, reply) => {
      const { lang } = request.query;
      const { token } = request.params;
      const grant = await grantOf(token, deps);
      // The same budget as the unit's API calls (src/http/limits/rate-limits.ts callerKey), counted before anything is read.
      enforceLimit(deps.limits, 'reports', `unit:${grant.unitId}`);
      const directive = await findDirective(cascade, grant.directiveId);
      let unit = await cascade.unit(grant.directiveId, grant.unitId);
      const closed = closedPage(reply, lang, request.url, directive, unit);
      if (closed) return closed;
      const actor = `report link of ${grant.unitId}`;
      const correcting = unit.report !== null;
      // With a file the fields come first (the form's order); the file is judged and stored before the report is sent (CascadeClient.reportWithAttachment).
      const values: Record<string, string> = { ...(request.body ?? {}) };
      try {
        await readReportForm(request, values, async (file) => {
          const report = reportFromForm(values);
          if (file) await cascade.reportWithAttachment(grant.directiveId, grant.unitId, report, file, actor, correcting);
          else if (correcting) await cascade.correct(grant.directiveId, grant.unitId, report, actor);
          else await cascade.report(grant.directiveId, grant.unitId, report, actor);
        });
      } catch (err) {
        if (!(err instanceof CascadeError) || ![400, 409, 413, 415].includes(err.status)) throw err;
        // A 409 is about the unit's state (already reported, withdrawn), not a field the secretary typed.
        const issues: FormIssue[] = err.status === 409 ? [] : [...err.issues];
        if (err.status === 409) unit = await cascade.unit(grant.directiveId, grant.unitId);
        const today = vnIsoDate(new Date().toISOString());
        const formError = issues.length ? null : { code: err.code, message: err.message };
        return sendPage(
          reply,
          reportFormPage({
            lang,
            url: request.url,
            action: href(action(token), lang),
            directive,
            unit,
            values,
            errors: issuesByField(issues),
            formError,
            today,
            attachment: await currentAttachment(deps, grant),
          }),
          err.status,
        );
      }
      return reply.redirect(href(`${action(token)}/confirmation`, lang), 303);
    },
  );

  /** What was recorded, with a way to correct it. */
  app.get('/report/:token/confirmation', { config: page, schema: { hide: true, params: TokenPath, querystring: LangQuery } }, async (request, reply) => {
    const { lang } = request.query;
    const grant = await grantOf(request.params.token, deps);
    const [directive, unit] = await Promise.all([findDirective(cascade, grant.directiveId), cascade.unit(grant.directiveId, grant.unitId)]);
    return sendPage(reply, confirmationPage({ lang, url: request.url, action: action(request.params.token), directive, unit }));
  });
};
