/**
 * Child process of test/engine/heap-growth.test.ts: applies limitHeapGrowth(argv[2]) in the main
 * thread, then a worker thread (as the SDK's workflow thread is) keeps a live set and churns
 * objects that outlive a young-generation collection; prints the worker heap's peak size in MB.
 */
import { Worker } from 'node:worker_threads';
import { limitHeapGrowth } from '../../src/engine/worker/heap-growth';

limitHeapGrowth(Number(process.argv[2]));

const churn = `
const v8 = require('node:v8');
const { parentPort } = require('node:worker_threads');
const live = [];
for (let i = 0; i < 400000; i++) live.push({ i, s: 'live' + i });
let peak = 0;
let window = [];
for (let i = 0; i < 6000000; i++) {
  window.push({ i, s: 'x' + i });
  if (window.length > 300000) window = [];
  if (i % 10000 === 0) peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
}
parentPort.postMessage({ peakMB: Math.round(peak / 1048576), live: live.length });
`;
new Worker(churn, { eval: true }).on('message', (message: { peakMB: number }) => console.log(JSON.stringify(message)));
