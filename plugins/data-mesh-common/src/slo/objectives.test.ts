import { parseDuration, parseSloObjective, parseSloWindow } from './objectives';

describe('parseDuration', () => {
  it.each([
    ['15m', 15 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1d', 86_400_000],
    ['1w', 7 * 86_400_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['1h30m', 90 * 60_000],
    ['1.5d', 36 * 3_600_000],
    [' 15m ', 15 * 60_000],
  ])('reads %j', (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each(['', '15', 'm', '15 minutes', '-5m', '15M', '0m', '1y', 'PT15M'])(
    'refuses %j, naming it',
    text => {
      expect(() => parseDuration(text)).toThrow(
        new RegExp(
          `^Invalid duration ${JSON.stringify(text)}, expected a duration`,
        ),
      );
    },
  );

  it('refuses values that are not strings', () => {
    expect(() => parseDuration(15 as any)).toThrow(
      'Invalid duration 15, expected a duration such as 15m',
    );
  });
});

describe('parseSloWindow', () => {
  it('reads windows as durations', () => {
    expect(parseSloWindow('30d')).toBe(30 * 86_400_000);
    expect(parseSloWindow('4w')).toBe(28 * 86_400_000);
  });

  it('refuses windows that are no duration, naming them', () => {
    expect(() => parseSloWindow('monthly')).toThrow(
      'Invalid SLO window "monthly", expected a duration such as 15m, 2h, 1d or 1h30m',
    );
    expect(() => parseSloWindow('0d')).toThrow(
      'Invalid SLO window "0d", expected a duration longer than zero',
    );
  });
});

describe('parseSloObjective', () => {
  it('reads durations', () => {
    expect(parseSloObjective('15m')).toEqual({
      type: 'duration',
      milliseconds: 900_000,
    });
    expect(parseSloObjective('1d')).toEqual({
      type: 'duration',
      milliseconds: 86_400_000,
    });
  });

  it('reads percentages as ratios', () => {
    expect(parseSloObjective('99.95%')).toEqual({
      type: 'ratio',
      ratio: 0.9995,
    });
    expect(parseSloObjective('100%')).toEqual({ type: 'ratio', ratio: 1 });
    expect(parseSloObjective('0%')).toEqual({ type: 'ratio', ratio: 0 });
    expect(parseSloObjective('99.5 %')).toEqual({
      type: 'ratio',
      ratio: 0.995,
    });
  });

  it('reads plain numbers, also written as strings', () => {
    expect(parseSloObjective(0.98)).toEqual({ type: 'number', value: 0.98 });
    expect(parseSloObjective(250)).toEqual({ type: 'number', value: 250 });
    expect(parseSloObjective('0.999')).toEqual({
      type: 'number',
      value: 0.999,
    });
  });

  it.each<[string | number, string]>([
    [
      'fast',
      'Invalid SLO objective "fast", expected a duration such as 15m, 2h or 1d, a percentage such as 99.95%, or a plain number',
    ],
    ['', 'Invalid SLO objective "", expected a duration'],
    [
      '120%',
      'Invalid SLO objective "120%", expected a percentage from 0% to 100%',
    ],
    [
      '-1%',
      'Invalid SLO objective "-1%", expected a percentage from 0% to 100%',
    ],
    [
      'abc%',
      'Invalid SLO objective "abc%", expected a percentage from 0% to 100%',
    ],
    ['0m', 'Invalid SLO objective "0m", expected a duration longer than zero'],
    [-3, 'Invalid SLO objective -3, expected a number that is zero or more'],
    [
      Number.NaN,
      'Invalid SLO objective NaN, expected a number that is zero or more',
    ],
  ])('refuses %j, naming it', (value, message) => {
    expect(() => parseSloObjective(value)).toThrow(message);
  });
});
