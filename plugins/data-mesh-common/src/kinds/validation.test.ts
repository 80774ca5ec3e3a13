import { describeSchemaError, pointerToPath } from './validation';

describe('pointerToPath', () => {
  it('writes JSON pointers as field paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/spec')).toBe('spec');
    expect(pointerToPath('/spec/inputPorts/0/source')).toBe(
      'spec.inputPorts[0].source',
    );
    expect(
      pointerToPath('/metadata/annotations/meshwork.dev~1openlineage-job'),
    ).toBe('metadata.annotations.meshwork.dev/openlineage-job');
  });
});

describe('describeSchemaError', () => {
  const entity = {
    spec: {
      classification: 'secret',
      slos: [{ objective: true }],
      retentionDays: -1,
    },
  };

  it.each([
    [
      "/spec must have required property 'owner' - missingProperty: owner",
      'spec.owner is required',
    ],
    [
      "<root> must have required property 'spec' - missingProperty: spec",
      'spec is required',
    ],
    [
      '/spec/classification must be equal to one of the allowed values - allowedValues: public,internal,confidential,restricted',
      'spec.classification must be one of public, internal, confidential, restricted, but found "secret"',
    ],
    [
      '/spec/slos/0/objective must be string,number - type: string,number',
      'spec.slos[0].objective must be a string or a number, but found true',
    ],
    [
      '/spec/retentionDays must be >= 1 - comparison: >=, limit: 1',
      'spec.retentionDays must be at least 1, but found -1',
    ],
    [
      '/spec/inputPorts/0 must NOT have additional properties - additionalProperty: via',
      'spec.inputPorts[0] has an unknown field "via"',
    ],
    [
      '/spec/owner must NOT have fewer than 1 characters - limit: 1',
      'spec.owner must not be empty',
    ],
    [
      '/spec/slos must NOT have fewer than 2 items - limit: 2',
      'spec.slos must have at least 2 items',
    ],
    [
      '/spec/owner must match pattern "^[a-z]+$" - pattern: ^[a-z]+$',
      'spec.owner must match the pattern ^[a-z]+$, but found nothing',
    ],
    ['/spec something unexpected', 'spec something unexpected'],
  ])('rephrases %j', (message, expected) => {
    expect(describeSchemaError(message, entity)).toBe(expected);
  });
});
