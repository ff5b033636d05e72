import type { Cloud } from '../core/cloud';
import type { LocalCloudServer } from '../server';
import { installApiGateway } from './apigateway/api';
import { installEvents } from './events/api';
import { installIam } from './iam/api';
import { installLambda } from './lambda/index';
import { installLogs } from './logs/api';
import { installS3 } from './s3/api';
import { installSns } from './sns/api';
import { installSqs } from './sqs/api';
import { installSts } from './sts/api';

/**
 * Every service of the local cloud, installed in dependency order (IAM first: others use its
 * policy evaluator through the delivery door). Add a service here and nowhere else.
 */
export function installServices(cloud: Cloud, _server: LocalCloudServer): void {
  installIam(cloud);
  installLogs(cloud);
  installSns(cloud);
  installSts(cloud);
  installEvents(cloud);
  installSqs(cloud);
  installS3(cloud, _server);
  installLambda(cloud, _server);
  installApiGateway(cloud, _server);
}
