// Whole-stack snapshots: a reviewable diff of everything a change touches. Asset hashes are replaced by
// placeholders so a change of bundle bytes alone does not churn them (bundle hashing is tested elsewhere).
import { STACK_NAMES } from '../src/environments';
import { synthStack } from './helpers';

function placeholderAssetHashes(synthesized: string): string {
  return synthesized
    .replace(/(assets\/[^/"]+\/)[0-9A-F]{32}\//g, '$1<asset-hash>/')
    .replace(/("source_code_hash": ")[A-Za-z0-9+/]{43}="/g, '$1<sha256-base64>"');
}

describe.each(STACK_NAMES)('the %s stack', (stack) => {
  it('matches its snapshot', () => {
    const { synthesized } = synthStack(stack);
    expect(placeholderAssetHashes(synthesized)).toMatchSnapshot();
  });
});
