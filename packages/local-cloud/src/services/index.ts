import type { Cloud } from '../core/cloud';
import type { LocalCloudServer } from '../server';
import { installSts } from './sts/api';

/**
 * Every service of the local cloud, installed in dependency order (IAM first: others use its
 * policy evaluator through the delivery door). Add a service here and nowhere else.
 */
export function installServices(cloud: Cloud, _server: LocalCloudServer): void {
  installSts(cloud);
}
