import { InvalidOptionError } from '../../src/errors';
import { DEFAULT_FAIL_ON, matchFailOn, parseFailOn } from '../../src/cli/fail-on';
import type { Finding } from '../../src/types';

describe('parseFailOn', () => {
  it.each([
    [DEFAULT_FAIL_ON, [{ kind: 'altered-quote', minSeverity: 'medium' }, { kind: 'added-quote', minSeverity: 'high' }]],
    ['none', []],
    [' none ', []],
    ['altered-name', [{ kind: 'altered-name', minSeverity: 'low' }]],
    ['altered-quote:high, unquoted-quote:medium', [{ kind: 'altered-quote', minSeverity: 'high' }, { kind: 'unquoted-quote', minSeverity: 'medium' }]],
    ['dropped-quote:low,altered-number', [{ kind: 'dropped-quote', minSeverity: 'low' }, { kind: 'altered-number', minSeverity: 'low' }]],
  ])('%j', (spec, rules) => {
    expect(parseFailOn(spec)).toEqual(rules);
  });

  it.each([
    ['', /empty value/],
    ['altered-quotes', /unknown finding kind `altered-quotes`/],
    ['altered-quote:severe', /unknown severity `severe`/],
    ['altered-quote:high:x', /unknown finding kind/],
    ['altered-quote,,added-quote', /unknown finding kind ``/],
    ['none,altered-quote', /unknown finding kind `none`/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseFailOn(spec)).toThrow(InvalidOptionError);
    expect(() => parseFailOn(spec)).toThrow(message);
  });
});

describe('matchFailOn', () => {
  const f = (kind: Finding['kind'], severity: Finding['severity']): Finding => ({ kind, severity, message: `${kind} ${severity}` });
  const findings = [f('altered-quote', 'low'), f('altered-quote', 'high'), f('added-quote', 'medium'), f('altered-name', 'low')];

  it.each([
    [DEFAULT_FAIL_ON, ['altered-quote high']],
    ['altered-quote', ['altered-quote low', 'altered-quote high']],
    ['added-quote:medium', ['added-quote medium']],
    ['added-quote:high', []],
    ['altered-name:medium', []],
    ['altered-name,altered-quote:medium', ['altered-quote high', 'altered-name low']],
    ['none', []],
  ])('%j matches %j', (spec, expected) => {
    expect(matchFailOn(parseFailOn(spec), findings).map((x) => x.message)).toEqual(expected);
  });
});
