// The cdktf app: one stack per environment (local, dev, prod), synthesized into cdktf.out/.
// `pnpm build` compiles and runs this file; `cdktf deploy <stack>` runs it through cdktf.json's `app`.
import { environments, STACK_NAMES } from './environments';
import { HandlerBundles } from './lib/bundles';
import { App } from './lib/cdktf';
import { LambdaChainStack } from './stacks/lambda-chain-stack';

try {
  const app = new App();
  const bundles = HandlerBundles.fromHandlersPackage();
  const configs = environments(process.env);
  for (const name of STACK_NAMES) {
    new LambdaChainStack(app, { config: configs[name], bundles });
  }
  app.synth();
} catch (error) {
  // A configuration or missing-bundle error is the whole message: no stack trace to dig through.
  process.stderr.write(`synth failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
