import {
  CompletedLoanStateSchema,
  CreditReferenceRequestSchema,
  CreditReferenceResponseSchema,
  CreditReferenceSchema,
  IdentityCheckedLoanStateSchema,
  IdentityCheckRequestSchema,
  IdentityCheckResponseSchema,
  LoanProcessorInputSchema,
  LoanProcessorStateSchema,
  parseLoanProcessorEntry,
} from '../src/loan';
import { parseWith } from '../src/validation';
import { expectFieldError, fixture } from './helpers';

const input = fixture('payloads/loan-processor-input.json');
const request = { requestId: 'V1StGXR8_Z5jdHi6B-myT', ...input };

describe('LoanProcessorInput', () => {
  it('accepts the fixture', () => {
    expect(LoanProcessorInputSchema.parse(input)).toEqual(input);
  });

  it.each([
    ['correlationId', { ...input, correlationId: '' }],
    ['lastName', { ...input, lastName: undefined }],
    ['postcode', { ...input, postcode: 42 }],
  ])('rejects a bad %s, naming it', (field, value) => {
    expectFieldError(() => parseWith(LoanProcessorInputSchema, value, 'Invalid input'), field);
  });
});

describe('LoanProcessorState', () => {
  it('accepts a bare state and the completed fixture', () => {
    expect(LoanProcessorStateSchema.parse({ input })).toEqual({ input });
    const completed = fixture('payloads/completed-loan-state.json');
    expect(CompletedLoanStateSchema.parse(completed)).toEqual(completed);
  });

  it('names nested fields', () => {
    expectFieldError(
      () => parseWith(LoanProcessorStateSchema, { input: { ...input, firstName: 7 } }, 'Invalid state'),
      'input.firstName',
    );
    expectFieldError(
      () =>
        parseWith(
          LoanProcessorStateSchema,
          { input, identityCheck: { requestId: 'short', identityVerified: true } },
          'Invalid state',
        ),
      'identityCheck.requestId',
    );
  });

  it('requires the identity check before the credit reference step', () => {
    expectFieldError(
      () => parseWith(IdentityCheckedLoanStateSchema, { input }, 'Invalid state'),
      'identityCheck',
      /required/,
    );
  });
});

describe('parseLoanProcessorEntry', () => {
  it('turns an input into a state', () => {
    expect(parseLoanProcessorEntry(input)).toEqual({ input });
  });

  it('keeps a state', () => {
    const state = {
      input,
      identityCheck: { requestId: request.requestId, identityVerified: false, reason: 'x' },
    };
    expect(parseLoanProcessorEntry(state)).toEqual(state);
  });

  it('names the failing field of whichever shape was sent', () => {
    expectFieldError(() => parseLoanProcessorEntry({ ...input, postcode: '' }), 'postcode');
    expectFieldError(() => parseLoanProcessorEntry({ input: { ...input, postcode: '' } }), 'input.postcode');
  });
});

describe('service requests and responses', () => {
  it('accepts valid requests', () => {
    expect(IdentityCheckRequestSchema.parse(request)).toEqual(request);
    expect(CreditReferenceRequestSchema.parse(request)).toEqual(request);
  });

  it('requires a nanoid request id', () => {
    expectFieldError(
      () => parseWith(IdentityCheckRequestSchema, { ...request, requestId: 'x' }, 'Invalid'),
      'requestId',
    );
  });

  it('validates the identity response', () => {
    const response = { requestId: request.requestId, correlationId: 'c', identityVerified: true };
    expect(IdentityCheckResponseSchema.parse(response)).toEqual(response);
    expectFieldError(
      () => parseWith(IdentityCheckResponseSchema, { ...response, identityVerified: 'yes' }, 'Invalid'),
      'identityVerified',
    );
  });

  it('validates the credit reference response rating', () => {
    const response = { requestId: request.requestId, correlationId: 'c', creditReferenceRating: 'Bad' };
    expect(CreditReferenceResponseSchema.parse(response)).toEqual(response);
    expectFieldError(
      () =>
        parseWith(CreditReferenceResponseSchema, { ...response, creditReferenceRating: 'Meh' }, 'Invalid'),
      'creditReferenceRating',
    );
  });

  it('models a declined credit reference without a rating', () => {
    expect(CreditReferenceSchema.parse({ outcome: 'Declined', reason: 'IdentityNotVerified' })).toEqual({
      outcome: 'Declined',
      reason: 'IdentityNotVerified',
    });
    expectFieldError(() => parseWith(CreditReferenceSchema, { outcome: 'Maybe' }, 'Invalid'), 'outcome');
    expectFieldError(
      () => parseWith(CreditReferenceSchema, { outcome: 'Rated', requestId: request.requestId }, 'Invalid'),
      'creditReferenceRating',
    );
  });
});
