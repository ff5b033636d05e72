"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Cloud = exports.DEFAULT_REGION = exports.DEFAULT_ACCOUNT_ID = exports.DEFAULT_PORT = void 0;
exports.configFromEnv = configFromEnv;
const clock_1 = require("./clock");
const delivery_1 = require("./delivery");
const ports_1 = require("./ports");
const store_1 = require("./store");
const trace_1 = require("./trace");
exports.DEFAULT_PORT = 4580;
exports.DEFAULT_ACCOUNT_ID = '000000000000';
exports.DEFAULT_REGION = 'us-east-1';
/** Reads the documented environment variables; CLI flags override them. */
function configFromEnv(env = process.env) {
    const timeScale = env.LOCAL_CLOUD_TIME_SCALE ? Number(env.LOCAL_CLOUD_TIME_SCALE) : 1;
    return {
        host: '127.0.0.1',
        port: env.LOCAL_CLOUD_PORT ? Number(env.LOCAL_CLOUD_PORT) : exports.DEFAULT_PORT,
        dataDir: env.LOCAL_CLOUD_DATA_DIR || undefined,
        timeScale,
        accountId: env.LOCAL_CLOUD_ACCOUNT_ID ?? exports.DEFAULT_ACCOUNT_ID,
        region: env.LOCAL_CLOUD_REGION ?? exports.DEFAULT_REGION,
        fsync: env.LOCAL_CLOUD_FSYNC === '1' || env.LOCAL_CLOUD_FSYNC === 'true',
    };
}
/**
 * The shared context every service gets: configuration, the one clock, the durable store, the trace log
 * and the delivery door. Services register their API definitions and lifecycles here.
 */
class Cloud {
    config;
    clock;
    store;
    trace;
    delivery = new delivery_1.Delivery();
    ports = new ports_1.PortRegistry();
    services = [];
    lifecycles = [];
    /** Extra `/_local-cloud/<name>` control routes contributed by services (faults, function URLs...). */
    controlRoutes = new Map();
    constructor(config) {
        this.config = config;
        this.clock = new clock_1.Clock(config.timeScale);
        this.store = new store_1.Store({ dataDir: config.dataDir, fsync: config.fsync });
        this.trace = new trace_1.TraceLog(() => this.clock.scale);
    }
    /** The endpoint clients use (and that Lambda handlers get as AWS_ENDPOINT_URL). */
    get endpoint() {
        return `http://${this.config.host}:${this.config.port}`;
    }
    addService(definition) {
        this.services.push(definition);
    }
    addLifecycle(lifecycle) {
        this.lifecycles.push(lifecycle);
    }
    async start() {
        for (const lifecycle of this.lifecycles)
            await lifecycle.start?.();
    }
    async stop() {
        for (const lifecycle of [...this.lifecycles].reverse())
            await lifecycle.stop?.();
        this.store.close();
    }
    arn(service, resource, region = this.config.region) {
        return `arn:aws:${service}:${region}:${this.config.accountId}:${resource}`;
    }
}
exports.Cloud = Cloud;
