/**
 * Counts what an SMTP sink received for one directive, by the deterministic Message-ID
 * <directive.unit.kind.step@directive-cascade>: a Message-ID seen twice is a duplicate delivery
 * (the same email sent again), which a receiving server could drop by that id.
 */
import type { ReceivedMail } from '../../src/dev/stack/smtp-sink';
import { messageKey } from '../engine/small-org';

/** Per-kind counts of received mail. */
export interface KindTally {
  /** Messages received. */
  received: number;
  /** Distinct Message-IDs among them. */
  distinct: number;
  /** received − distinct: deliveries beyond the first of the same email. */
  duplicates: number;
}

/** What the sink holds for one directive. */
export interface MailTally {
  total: KindTally;
  byKind: Record<string, KindTally>;
  /** Distinct emails received, as `unit/kind/step` keys (the ledger's key within the directive). */
  keys: Set<string>;
  /** Arrival time (ms) of the first delivery of each key. */
  firstArrival: Map<string, number>;
}

// Headers come first; reading only the head keeps 3,000 messages cheap to count.
const messageIdOf = (mail: ReceivedMail): string | undefined => /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(mail.raw.subarray(0, 8_192).toString('utf8'))?.[1];

const tally = (received: number, distinct: number): KindTally => ({ received, distinct, duplicates: received - distinct });

/** Tallies the messages of `directiveId` among `messages`. */
export function tallyMail(messages: readonly ReceivedMail[], directiveId: string): MailTally {
  const perKey = new Map<string, { kind: string; count: number }>();
  const firstArrival = new Map<string, number>();
  for (const mail of messages) {
    const key = messageKey(messageIdOf(mail));
    if (!key || key.directive !== directiveId) continue;
    const id = `${key.unit}/${key.kind}/${key.step}`;
    const seen = perKey.get(id);
    if (seen) seen.count += 1;
    else perKey.set(id, { kind: key.kind, count: 1 });
    const at = Date.parse(mail.receivedAt);
    if (!firstArrival.has(id) || at < (firstArrival.get(id) as number)) firstArrival.set(id, at);
  }
  const byKind: Record<string, KindTally> = {};
  let received = 0;
  for (const { kind, count } of perKey.values()) {
    const k = (byKind[kind] ??= tally(0, 0));
    byKind[kind] = tally(k.received + count, k.distinct + 1);
    received += count;
  }
  return { total: tally(received, perKey.size), byKind, keys: new Set(perKey.keys()), firstArrival };
}

/** The tally of one kind (zeros when none arrived). */
export function kindTally(t: MailTally, kind: string): KindTally {
  return t.byKind[kind] ?? tally(0, 0);
}
