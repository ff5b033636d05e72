import { z } from 'zod';
import {
  AnyLambdaDestinationEventSchema,
  LAMBDA_DESTINATION_DETAIL_TYPES,
  LAMBDA_DESTINATION_SOURCE,
  lambdaDestinationEventSchema,
  RESPONSE_ONLY_INPUT_PATH,
  responseOnlyEventPattern,
} from '../src/eventbridge';
import { parseWith } from '../src/validation';
import { expectFieldError, fixture } from './helpers';

const successEvent = () => fixture<Record<string, unknown>>('eventbridge/lambda-destination-success.json');
const failureEvent = () => fixture<Record<string, unknown>>('eventbridge/lambda-destination-failure.json');

describe('detail-type constants', () => {
  it('use an ASCII hyphen (U+002D), never an en dash', () => {
    for (const value of Object.values(LAMBDA_DESTINATION_DETAIL_TYPES)) {
      expect(value).toMatch(/^Lambda Function Invocation Result - (Success|Failure)$/);
      expect(value).not.toContain('\u2013');
      expect(value.charCodeAt('Lambda Function Invocation Result '.length)).toBe(0x2d);
    }
    expect(LAMBDA_DESTINATION_SOURCE).toBe('lambda');
  });
});

describe('lambda destination event', () => {
  it('parses the recorded success and failure events', () => {
    expect(AnyLambdaDestinationEventSchema.parse(successEvent())).toEqual(successEvent());
    expect(AnyLambdaDestinationEventSchema.parse(failureEvent())).toEqual(failureEvent());
  });

  it('validates the detail with typed payloads', () => {
    const typed = lambdaDestinationEventSchema(z.object({ mode: z.string() }), z.object({ val: z.number() }));
    expect(typed.parse(successEvent()).detail.requestPayload).toEqual({ mode: 'success' });
    const event = successEvent() as { detail: { responsePayload: { val: unknown } } };
    event.detail.responsePayload.val = 'five';
    expectFieldError(() => parseWith(typed, event, 'Invalid event'), 'detail.responsePayload.val');
  });

  it('rejects an en dash detail-type, a wrong source and a Success record under Failure', () => {
    expectFieldError(
      () =>
        parseWith(
          AnyLambdaDestinationEventSchema,
          { ...successEvent(), 'detail-type': 'Lambda Function Invocation Result \u2013 Success' },
          'Invalid event',
        ),
      'detail-type',
    );
    expectFieldError(
      () =>
        parseWith(
          AnyLambdaDestinationEventSchema,
          { ...successEvent(), source: 'aws.lambda' },
          'Invalid event',
        ),
      'source',
    );
    expectFieldError(
      () =>
        parseWith(
          AnyLambdaDestinationEventSchema,
          { ...successEvent(), 'detail-type': LAMBDA_DESTINATION_DETAIL_TYPES.Failure },
          'Invalid event',
        ),
      'detail.requestContext.condition',
    );
  });
});

describe('responseOnly rule', () => {
  it('matches the $LATEST qualified ARN on the Success detail-type', () => {
    expect(responseOnlyEventPattern('arn:aws:lambda:eu-west-2:111111111111:function:a')).toEqual({
      source: ['lambda'],
      'detail-type': ['Lambda Function Invocation Result - Success'],
      resources: ['arn:aws:lambda:eu-west-2:111111111111:function:a:$LATEST'],
    });
    expect(RESPONSE_ONLY_INPUT_PATH).toBe('$.detail.responsePayload');
  });
});
