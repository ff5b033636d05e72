import { AwsError } from '../../core/errors';

/**
 * SQS errors in AWS's query-compatible JSON shape: `__type` is the model's shape name, the
 * `x-amzn-query-error` header carries the query code (reference/aws-wire-and-event-shapes.md §1.1).
 */
export const queueDoesNotExist = (): AwsError =>
  new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
  });

/** Unmodeled InvalidParameterValueException, sent as `InvalidParameterValue` in the query header. */
export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterValueException', message, 400, { queryCode: 'InvalidParameterValue' });

export const missingParameter = (name: string): AwsError =>
  new AwsError('MissingRequiredParameterException', `The request must contain the parameter ${name}.`, 400, {
    queryCode: 'MissingParameter',
  });

export const invalidAttributeName = (message: string): AwsError =>
  new AwsError('InvalidAttributeName', message, 400);

export const invalidAttributeValue = (message: string): AwsError =>
  new AwsError('InvalidAttributeValue', message, 400);

export const invalidReceiptHandle = (handle: string): AwsError =>
  new AwsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
    {
      queryCode: 'ReceiptHandleIsInvalid',
    },
  );

export const messageNotInflight = (): AwsError =>
  new AwsError('MessageNotInflight', "The specified message isn't in flight.", 400, {
    queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
  });

export const invalidMessageContents = (): AwsError =>
  new AwsError(
    'InvalidMessageContents',
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    400,
  );

export const batchError = (code: string, queryCode: string, message: string): AwsError =>
  new AwsError(code, message, 400, { queryCode: `AWS.SimpleQueueService.${queryCode}` });

/** The code a batch result entry reports for a failed entry (the query code, as AWS's `Code` member). */
export const entryCode = (error: AwsError): string => error.queryCode ?? error.code;
