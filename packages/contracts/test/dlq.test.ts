import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  buildDlqMessageAttributes,
  DLQ_ATTRIBUTE_NAMES,
  DLQ_ERROR_MESSAGE_MAX_BYTES,
  DlqMessageAttributesSchema,
  parseDlqMessage,
  truncateUtf8,
  utf8ByteLength,
} from '../src/dlq';
import { parseWith } from '../src/validation';
import { expectFieldError, fixture } from './helpers';

const message = () => fixture('dlq/dlq-message.json');

describe('DLQ message', () => {
  it('decodes the recorded message; the body is the original bytes', () => {
    const recorded = message();
    expect(createHash('md5').update(recorded.Body).digest('hex')).toBe(recorded.MD5OfBody);
    const letter = parseDlqMessage(recorded, z.object({ raise_error: z.number() }));
    expect(letter).toEqual({
      body: '{"raise_error": 1}',
      payload: { raise_error: 1 },
      requestId: '6c8e0a2c-4e6a-4c8e-a0c2-e4a6c8e0a2c4',
      errorCode: 200,
      errorMessage: 'Test exception (this is intentional)',
    });
  });

  it('names a missing or mistyped attribute', () => {
    const withoutRequestId = message() as { MessageAttributes: Record<string, unknown> };
    delete withoutRequestId.MessageAttributes.RequestID;
    expectFieldError(() => parseDlqMessage(withoutRequestId), 'MessageAttributes.RequestID', /required/);
    const stringCode = message() as { MessageAttributes: { ErrorCode: { DataType: string } } };
    stringCode.MessageAttributes.ErrorCode.DataType = 'String';
    expectFieldError(() => parseDlqMessage(stringCode), 'MessageAttributes.ErrorCode.DataType');
  });

  it('names the body when it is not JSON or not the expected payload', () => {
    expectFieldError(() => parseDlqMessage({ ...message(), Body: 'nope' }), '(root)', /not valid JSON/);
    expectFieldError(() => parseDlqMessage(message(), z.object({ name: z.string() })), 'name');
  });
});

describe('ErrorMessage is the first 1 KB', () => {
  it('truncates on a character boundary', () => {
    expect(DLQ_ERROR_MESSAGE_MAX_BYTES).toBe(1024);
    const long = `${'a'.repeat(1023)}é and more`;
    const cut = truncateUtf8(long);
    expect(cut).toBe('a'.repeat(1023));
    expect(utf8ByteLength('é€😀')).toBe(Buffer.byteLength('é€😀'));
  });

  it('builds the attributes like Lambda does', () => {
    const attributes = buildDlqMessageAttributes({
      requestId: 'r',
      errorCode: 200,
      errorMessage: 'x'.repeat(5000),
    });
    expect(Object.keys(attributes).sort()).toEqual(Object.values(DLQ_ATTRIBUTE_NAMES).sort());
    expect(attributes.ErrorCode).toEqual({ DataType: 'Number', StringValue: '200' });
    expect(Buffer.byteLength(attributes.ErrorMessage.StringValue)).toBe(1024);
    expect(DlqMessageAttributesSchema.parse(attributes)).toEqual(attributes);
  });

  it('rejects an ErrorMessage over 1 KB', () => {
    const attributes = buildDlqMessageAttributes({ requestId: 'r', errorCode: 200, errorMessage: 'x' });
    attributes.ErrorMessage.StringValue = 'x'.repeat(1025);
    expectFieldError(
      () => parseWith(DlqMessageAttributesSchema, attributes, 'Invalid'),
      'ErrorMessage.StringValue',
      /1 KB/,
    );
  });
});
