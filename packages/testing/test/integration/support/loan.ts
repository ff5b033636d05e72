import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import type { Clients } from '../../../src/clients';

export interface ResponseOnlyRoute {
  ruleName: string;
  eventPattern: unknown;
  targetArn: string;
  inputPath: string | undefined;
}

/**
 * Follows the head's `responseOnly` Lambda destination as deployed: a rule on the default bus matching
 * `source: lambda`, the Success detail-type and the head's `$LATEST` ARN, whose target is the next function
 * with InputPath `$.detail.responsePayload` (reference §5). Found through the AWS API from the head's ARN
 * (a stack output), so the credit reference proxy's ARN needs no output of its own.
 */
export async function findResponseOnlyRoute(clients: Clients, headArn: string): Promise<ResponseOnlyRoute> {
  const qualified = `${headArn}:$LATEST`;
  let nextToken: string | undefined;
  do {
    const page = await clients.events.send(
      new ListRulesCommand({ EventBusName: 'default', ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    for (const rule of page.Rules ?? []) {
      if (!rule.EventPattern || !rule.Name) continue;
      const pattern = JSON.parse(rule.EventPattern) as { resources?: string[]; 'detail-type'?: string[] };
      if (!pattern.resources?.includes(qualified)) continue;
      if (!pattern['detail-type']?.includes('Lambda Function Invocation Result - Success')) continue;
      const targets = await clients.events.send(
        new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: 'default' }),
      );
      const [target, ...others] = targets.Targets ?? [];
      if (!target?.Arn || others.length > 0) {
        throw new Error(
          `rule ${rule.Name} should have exactly one target, has ${targets.Targets?.length ?? 0}`,
        );
      }
      return {
        ruleName: rule.Name,
        eventPattern: pattern,
        targetArn: target.Arn,
        inputPath: target.InputPath,
      };
    }
    nextToken = page.NextToken;
  } while (nextToken);
  throw new Error(
    `no rule on the default event bus routes the Success of ${qualified} (responseOnly destination)`,
  );
}
