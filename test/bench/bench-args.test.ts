// The benchmark's command line refuses what its phases cannot run with, before any server starts.
import { parseArgs } from '../../tools/bench/args';

test('a district deadline shorter than the districts’ 30 s reminder lead, or not a duration, is refused with the usage', () => {
  expect(parseArgs(['--district-deadline', 'PT30S']).districtDeadline).toBe('PT30S');
  expect(parseArgs(['--district-deadline', 'PT4M']).districtDeadline).toBe('PT4M');
  expect(parseArgs([]).districtDeadline).toBe('PT4M');
  expect(() => parseArgs(['--district-deadline', 'PT20S'])).toThrow(
    /--district-deadline needs a duration of at least 30 s .*got "PT20S"[\s\S]*usage: npm run bench/,
  );
  expect(() => parseArgs(['--district-deadline', '30/09/2027'])).toThrow(/got "30\/09\/2027"/);
});
