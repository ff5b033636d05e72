import { Clock } from './clock';
import { Delivery } from './delivery';
import { PortRegistry } from './ports';
import type { ServiceDefinition } from './service';
import { Store } from './store';
import { TraceLog } from './trace';

export interface CloudConfig {
  host: string;
  port: number;
  dataDir: string | undefined;
  timeScale: number;
  accountId: string;
  region: string;
  fsync: boolean;
}

export const DEFAULT_PORT = 4580;
export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** Reads the documented environment variables; CLI flags override them. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CloudConfig {
  const timeScale = env.LOCAL_CLOUD_TIME_SCALE ? Number(env.LOCAL_CLOUD_TIME_SCALE) : 1;
  return {
    host: '127.0.0.1',
    port: env.LOCAL_CLOUD_PORT ? Number(env.LOCAL_CLOUD_PORT) : DEFAULT_PORT,
    dataDir: env.LOCAL_CLOUD_DATA_DIR || undefined,
    timeScale,
    accountId: env.LOCAL_CLOUD_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID,
    region: env.LOCAL_CLOUD_REGION ?? DEFAULT_REGION,
    fsync: env.LOCAL_CLOUD_FSYNC === '1' || env.LOCAL_CLOUD_FSYNC === 'true',
  };
}

/** Something a service needs to run or stop besides answering requests (pollers, worker processes). */
export interface Lifecycle {
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/**
 * The shared context every service gets: configuration, the one clock, the durable store, the trace log
 * and the delivery door. Services register their API definitions and lifecycles here.
 */
export class Cloud {
  readonly clock: Clock;
  readonly store: Store;
  readonly trace: TraceLog;
  readonly delivery = new Delivery();
  readonly ports = new PortRegistry();
  readonly services: ServiceDefinition[] = [];
  private readonly lifecycles: Lifecycle[] = [];
  /** Extra `/_local-cloud/<name>` control routes contributed by services (faults, function URLs...). */
  readonly controlRoutes = new Map<
    string,
    (body: unknown, query: URLSearchParams, method: string) => Promise<unknown> | unknown
  >();

  constructor(readonly config: CloudConfig) {
    this.clock = new Clock(config.timeScale);
    this.store = new Store({ dataDir: config.dataDir, fsync: config.fsync });
    this.trace = new TraceLog(() => this.clock.scale);
  }

  /** The endpoint clients use (and that Lambda handlers get as AWS_ENDPOINT_URL). */
  get endpoint(): string {
    return `http://${this.config.host}:${this.config.port}`;
  }

  addService(definition: ServiceDefinition): void {
    this.services.push(definition);
  }

  addLifecycle(lifecycle: Lifecycle): void {
    this.lifecycles.push(lifecycle);
  }

  async start(): Promise<void> {
    for (const lifecycle of this.lifecycles) await lifecycle.start?.();
  }

  async stop(): Promise<void> {
    for (const lifecycle of [...this.lifecycles].reverse()) await lifecycle.stop?.();
    this.store.close();
  }

  arn(service: string, resource: string, region = this.config.region): string {
    return `arn:aws:${service}:${region}:${this.config.accountId}:${resource}`;
  }
}
