/**
 * Loaded once per workflow thread, before any workflow exists (see shared-workflow-modules.ts), so
 * that every cached workflow uses one copy of zod's modules.
 *
 * The SDK deep-freezes what is loaded this way, and zod settles some of its module state lazily:
 * its global configuration (default locale, memoizer) on the first schema it builds, whether
 * `new Function` may be used on the first object it parses. Building and parsing one schema here,
 * with a success and a failure, settles that state before the freeze; later writes would throw.
 * The engine and fuzz tests run every workflow schema through this shared copy. (Listing 'zod'
 * itself would do nothing: zod declares no side effects, so webpack drops an unused require.)
 */
import { z } from 'zod';

const settle = z.object({ text: z.string().min(1), count: z.number().int().nonnegative().optional(), list: z.array(z.enum(['a', 'b'])) });
settle.safeParse({ text: 'x', count: 1, list: ['a'] });
settle.safeParse({ text: '', count: -1.5, list: ['c'], extra: true });
