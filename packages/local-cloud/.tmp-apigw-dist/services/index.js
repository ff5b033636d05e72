"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.installServices = installServices;
const api_1 = require("./apigateway/api");
const api_2 = require("./events/api");
const api_3 = require("./iam/api");
const index_1 = require("./lambda/index");
const api_4 = require("./logs/api");
const api_5 = require("./sns/api");
const api_6 = require("./sqs/api");
const api_7 = require("./sts/api");
/**
 * Every service of the local cloud, installed in dependency order (IAM first: others use its
 * policy evaluator through the delivery door). Add a service here and nowhere else.
 */
function installServices(cloud, _server) {
    (0, api_3.installIam)(cloud);
    (0, api_4.installLogs)(cloud);
    (0, api_5.installSns)(cloud);
    (0, api_7.installSts)(cloud);
    (0, api_2.installEvents)(cloud);
    (0, api_6.installSqs)(cloud);
    (0, index_1.installLambda)(cloud, _server);
    (0, api_1.installApiGateway)(cloud, _server);
}
