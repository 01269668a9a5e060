/**
 * The revocation check every authenticated request and every link page runs after the signature:
 * a revoked token or link is a 401 naming "revoked", within the client's cache bound of the
 * revocation (src/app/credentials.ts). A token signed before tokens carried an id is refused too:
 * it is in no list, so it could not be revoked (docs/decisions.md, 2026-12-03, revocable credentials).
 */
import type { CascadeClient } from '../../app/cascade-client';
import { formatVnNumericDateTime } from '../../domain/time/time';
import type { LinkKind } from '../../security/revocation-list';
import { UnauthorizedError } from '../errors/http-errors';
import type { Principal } from './principal';

/** Where the revocations come from: the client. */
export type RevocationSource = Pick<CascadeClient, 'revocations'>;

function revoked(what: { en: string; vi: string }, at: string, then: { en: string; vi: string }): UnauthorizedError {
  const when = formatVnNumericDateTime(at);
  return new UnauthorizedError(`${what.en} was revoked on ${when} (Vietnam time); ${then.en}`, 'revoked', `${what.vi} đã bị thu hồi lúc ${when}; ${then.vi}`);
}

const ASK_SECRETARIAT = { en: 'ask the secretariat for a new one', vi: 'hãy đề nghị Văn phòng cấp mã mới' };

/** Throws 401 when the principal's token, session or link has been revoked, or is a token without an id. */
export async function assertNotRevoked(cascade: RevocationSource, p: Principal): Promise<void> {
  if (p.kind === 'report-link' || p.kind === 'inbox-link') {
    const kind: LinkKind = p.kind === 'report-link' ? 'report' : 'inbox';
    await assertLinkNotRevoked(cascade, { kind, unitId: p.unitId, directiveId: p.kind === 'report-link' ? p.directiveId : undefined, issuedAt: p.issuedAt });
    return;
  }
  if (p.kind !== 'unit' && p.sessionId !== undefined) {
    const at = (await cascade.revocations()).token(p.sessionId);
    if (at) throw revoked({ en: 'this session', vi: 'Phiên đăng nhập này' }, at, { en: 'sign in again at /sign-in', vi: 'hãy đăng nhập lại tại /sign-in' });
    return;
  }
  if (p.tokenId === undefined) {
    throw new UnauthorizedError(
      'this access token was issued before tokens could be listed and revoked, so it is no longer accepted; ask the secretariat for a new one',
      'revoked',
      'Mã truy cập này được cấp trước khi mã có thể được liệt kê và thu hồi nên không còn được chấp nhận; hãy đề nghị Văn phòng cấp mã mới',
    );
  }
  const at = (await cascade.revocations()).token(p.tokenId);
  if (at) throw revoked({ en: 'this access token', vi: 'Mã truy cập này' }, at, ASK_SECRETARIAT);
}

/** Throws 401 when the link's family was revoked at or after the link was minted. */
export async function assertLinkNotRevoked(
  cascade: RevocationSource,
  link: { kind: LinkKind; unitId: string; directiveId: string | undefined; issuedAt: string | undefined },
): Promise<void> {
  const at = (await cascade.revocations()).link(link.kind, link.unitId, link.directiveId, link.issuedAt);
  if (!at) return;
  if (link.kind === 'report') {
    throw revoked({ en: 'this report link', vi: 'Liên kết báo cáo này' }, at, {
      en: 'open the report form from your inbox or the next email, which bring a new link',
      vi: 'hãy mở mẫu báo cáo từ hộp thư công việc hoặc từ thư mới nhất, có liên kết mới',
    });
  }
  throw revoked({ en: 'this inbox link', vi: 'Liên kết hộp thư công việc này' }, at, {
    en: 'the next email brings a new inbox link',
    vi: 'thư tiếp theo sẽ có liên kết mới',
  });
}
