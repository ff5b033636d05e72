"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_REGION = exports.DEFAULT_PORT = exports.DEFAULT_ACCOUNT_ID = exports.configFromEnv = exports.Cloud = void 0;
exports.startLocalCloud = startLocalCloud;
const cloud_1 = require("./core/cloud");
const server_1 = require("./server");
const services_1 = require("./services");
var cloud_2 = require("./core/cloud");
Object.defineProperty(exports, "Cloud", { enumerable: true, get: function () { return cloud_2.Cloud; } });
Object.defineProperty(exports, "configFromEnv", { enumerable: true, get: function () { return cloud_2.configFromEnv; } });
Object.defineProperty(exports, "DEFAULT_ACCOUNT_ID", { enumerable: true, get: function () { return cloud_2.DEFAULT_ACCOUNT_ID; } });
Object.defineProperty(exports, "DEFAULT_PORT", { enumerable: true, get: function () { return cloud_2.DEFAULT_PORT; } });
Object.defineProperty(exports, "DEFAULT_REGION", { enumerable: true, get: function () { return cloud_2.DEFAULT_REGION; } });
/**
 * Starts the local cloud in this process (library mode; the CLI does the same). Port 0 picks a free port.
 */
async function startLocalCloud(overrides = {}) {
    const config = { ...(0, cloud_1.configFromEnv)(), ...overrides };
    const cloud = new cloud_1.Cloud(config);
    const server = new server_1.LocalCloudServer(cloud);
    (0, services_1.installServices)(cloud, server);
    cloud.store.load();
    await cloud.start();
    const port = await server.listen();
    let stopped = false;
    return {
        cloud,
        endpoint: cloud.endpoint,
        port,
        stop: async () => {
            if (stopped)
                return;
            stopped = true;
            await server.close();
            await cloud.stop();
        },
    };
}
