import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../test/support/shared-data.js';
import { parseFeedDate } from './parse-date.js';


interface DateCase {
  parser: string;
  input: string;
  /** Python time.struct_time: year, month, day, hour, minute, second (UTC), … */
  expected: number[] | null;
}

function toIso(parts: number[]): string {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.toISOString();
}

// Where feedparser's separate parsers disagree, relais takes one side: `22013` (expected to fail
// as W3C-DTF) and `03335` (expected to pass as ISO 8601:1988 YYDDD) have the same shape; relais
// rejects five-digit dates, which no real feed writes, rather than guess.
const DELIBERATE_DEVIATIONS = new Set(['03335']);

describe('parseFeedDate', () => {
  it.each([
    ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
    ['Sat, 07 Sep 2002 00:00:01 +0200', '2002-09-06T22:00:01.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 EDT', '2003-06-10T08:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 PST', '2003-06-10T12:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 CEST', '2003-06-10T02:00:00.000Z'],
    ['10 Jun 2003 04:00 Z', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 03 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 99 04:00:00 GMT', '1999-06-10T04:00:00.000Z'],
    ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31T10:14:55.250+01:00', '2003-12-31T09:14:55.000Z'],
    ['2003-12-31 10:14:55', '2003-12-31T10:14:55.000Z'],
    ['20031231T101455Z', '2003-12-31T10:14:55.000Z'],
    ['2004-366', '2004-12-31T00:00:00.000Z'],
    ['Fri Nov 24 2023 18:28:36 GMT+0100 (Central European Standard Time)', '2023-11-24T17:28:36.000Z'],
    ['  Thu, 01 Jan 2004 19:48:21 GMT  ', '2004-01-01T19:48:21.000Z'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['yesterday'],
    ['2003-02-29'],
    ['2003-13-01'],
    ['Thu, 31 Apr 2004 10:00:00 GMT'],
    ['2003-12-31T10:14:55+25:00'],
    ['x'.repeat(500)],
  ])('rejects %j', (input) => {
    expect(parseFeedDate(input)).toBeUndefined();
  });
});

describeWithSharedData('parseFeedDate on feedparser date-cases.json', 'corpora/feedparser/date-cases.json', (dateCasesFile) => {
  const cases = JSON.parse(readFileSync(dateCasesFile, 'utf8')) as DateCase[];

  it('has the 72 cases', () => {
    expect(cases).toHaveLength(72);
  });

  it.each(cases.filter((c) => !DELIBERATE_DEVIATIONS.has(c.input)).map((c) => [c.parser, c.input, c.expected] as const))(
    '%s %j',
    (_parser, input, expected) => {
      expect(parseFeedDate(input)).toBe(expected ? toIso(expected) : undefined);
    },
  );

  it.each([...DELIBERATE_DEVIATIONS])('rejects the five-digit date %j (deliberate deviation)', (input) => {
    expect(parseFeedDate(input)).toBeUndefined();
  });
});
