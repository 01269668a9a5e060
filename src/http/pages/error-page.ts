/** Errors of page routes drawn as pages, in the page's language. */
import type { FastifyRequest } from 'fastify';
import type { ErrorAnswer } from '../errors/error-mapping';
import { langOf, strings } from './i18n';
import { errorTitle, messagePage } from './views/message-view';

/** Renders an error answer for a dashboard or report-form request. */
export function renderErrorPage(answer: ErrorAnswer, request: FastifyRequest): string {
  const lang = langOf(request.query);
  const t = strings(lang);
  // The pages reached from an email's signed link (the report form, the inbox) say the same about a bad link.
  const linkPage = request.url.startsWith('/report/') || request.url.startsWith('/inbox/');
  const title = answer.status === 401 && linkPage ? t.linkInvalidTitle : errorTitle(answer.status, lang);
  const help = answer.status === 401 ? (linkPage ? t.linkInvalidHelp : t.signInHelp) : undefined;
  return messagePage({
    lang,
    url: request.url,
    title,
    message: lang === 'vi' && answer.body.messageVi ? answer.body.messageVi : answer.body.message,
    help,
    issues: answer.body.issues,
    home: !linkPage && answer.status !== 401,
  });
}
