import { Cloud, type CloudConfig, configFromEnv } from './core/cloud';
import { LocalCloudServer } from './server';
import { installServices } from './services';

export type { CloudConfig } from './core/cloud';
export { Cloud, configFromEnv, DEFAULT_ACCOUNT_ID, DEFAULT_PORT, DEFAULT_REGION } from './core/cloud';

export interface RunningLocalCloud {
  cloud: Cloud;
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the local cloud in this process (library mode; the CLI does the same). Port 0 picks a free port.
 */
export async function startLocalCloud(overrides: Partial<CloudConfig> = {}): Promise<RunningLocalCloud> {
  const config: CloudConfig = { ...configFromEnv(), ...overrides };
  const cloud = new Cloud(config);
  const server = new LocalCloudServer(cloud);
  installServices(cloud, server);
  cloud.store.load();
  await cloud.start();
  const port = await server.listen();
  let stopped = false;
  return {
    cloud,
    endpoint: cloud.endpoint,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      await cloud.stop();
    },
  };
}
