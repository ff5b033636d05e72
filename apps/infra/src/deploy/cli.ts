import { deployLocal, destroyLocal, ensureLocalCloud } from './local';

/**
 * `node dist/deploy/cli.js deploy|destroy|cloud` — the local deploy loop behind `pnpm deploy:local`,
 * `pnpm destroy:local` and `pnpm cloud:start` at the repository root.
 */
async function main(command: string | undefined): Promise<void> {
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  switch (command) {
    case 'cloud': {
      const { endpoint, started } = await ensureLocalCloud({ log });
      log(
        started
          ? `started the local cloud at ${endpoint}`
          : `a local cloud is already running at ${endpoint}`,
      );
      return;
    }
    case 'deploy': {
      const result = await deployLocal({ log });
      log(
        `deployed the local stack to ${result.endpoint} in ${(result.durationMs / 1000).toFixed(1)} s; outputs: ${result.outputsFile}`,
      );
      return;
    }
    case 'destroy': {
      const result = await destroyLocal({ log });
      log(`destroyed the local stack in ${(result.durationMs / 1000).toFixed(1)} s`);
      return;
    }
    default:
      throw new Error('usage: node dist/deploy/cli.js cloud|deploy|destroy');
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
