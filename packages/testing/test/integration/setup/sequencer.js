// Runs the scenario files in a fixed order: the quick flows first, the 1,000-application conservation run
// last (so a failure there never hides the others, and the report reads in the README's order).
const { dirname } = require('node:path');
const Sequencer = require(
  require.resolve('@jest/test-sequencer', { paths: [dirname(require.resolve('jest'))] }),
).default;

const ORDER = ['loan', 'payments', 'simple-function', 'destinations-tester', 'echo', 'conservation'];
const rank = (path) => {
  const index = ORDER.findIndex((name) => path.endsWith(`/${name}.test.ts`));
  return index < 0 ? ORDER.length : index;
};

class ScenarioSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  }
}

module.exports = ScenarioSequencer;
