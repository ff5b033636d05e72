"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PortRegistry = void 0;
class PortRegistry {
    ports = {};
    provide(name, port) {
        this.ports[name] = port;
    }
    get(name) {
        const port = this.ports[name];
        if (!port)
            throw new Error(`local-cloud: the ${name} port is not installed`);
        return port;
    }
    has(name) {
        return this.ports[name] !== undefined;
    }
}
exports.PortRegistry = PortRegistry;
