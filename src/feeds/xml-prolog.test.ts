import { describe, expect, it } from 'vitest';
import { readRootName, stripDoctype } from './xml-prolog.js';

describe('stripDoctype', () => {
  it.each([
    ['<!DOCTYPE rss><rss/>', '<rss/>'],
    ['<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY a "x"> ]>\n<rss/>', '<?xml version="1.0"?>\n\n<rss/>'],
    ['<!DOCTYPE rss [ <!ENTITY a "]>"> ]><rss/>', '<rss/>'],
    ["<!DOCTYPE rss [ <!ENTITY a '>'> <!-- ]> --> ]><rss/>", '<rss/>'],
    ['<!-- c --><!doctype rss PUBLIC "-//x//EN" "http://x/y.dtd"><rss/>', '<!-- c --><rss/>'],
    ['<rss><description>&lt;!DOCTYPE x&gt;</description></rss>', '<rss><description>&lt;!DOCTYPE x&gt;</description></rss>'],
    ['<rss/><!DOCTYPE late>', '<rss/><!DOCTYPE late>'],
    ['<!DOCTYPE rss [ <!ENTITY a "x">', ''],
  ])('%j → %j', (input, expected) => {
    expect(stripDoctype(input)).toBe(expected);
  });
});

describe('readRootName', () => {
  it.each([
    ['<rss version="2.0"/>', 'rss'],
    ['\uFEFF<?xml version="1.0"?><!-- x --><feed xmlns="http://www.w3.org/2005/Atom">', 'feed'],
    ['<?xml version="1.0"?><!DOCTYPE rdf:RDF [ <!ENTITY a "<x>"> ]><rdf:RDF>', 'rdf:RDF'],
    ['<!DOCTYPE html><html lang="en">', 'html'],
    ['<!-- only a comment -->', undefined],
    ['plain text', undefined],
    ['', undefined],
  ])('%j → %s', (input, expected) => {
    expect(readRootName(input)).toBe(expected);
  });
});
