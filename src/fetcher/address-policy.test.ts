import { describe, expect, it } from 'vitest';
import { createAddressPolicy, isBlockedAddress } from './address-policy.js';

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata service'],
    ['fd00:ec2::254', 'cloud metadata service'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['fc00::1', 'unique local (private)'],
    ['fd12:3456::1', 'unique local (private)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback, IPv4-mapped'],
    ['::ffff:7f00:1', 'loopback, IPv4-mapped'],
    ['::ffff:169.254.169.254', 'cloud metadata service, IPv4-mapped'],
    ['::ffff:10.1.2.3', 'private, IPv4-mapped'],
    ['64:ff9b::7f00:1', 'loopback, NAT64'],
    ['64:ff9b::192.168.0.1', 'private, NAT64'],
    ['2002:7f00:1::', 'loopback, 6to4'],
    ['2002:a9fe:a9fe::1', 'cloud metadata service, 6to4'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback, Teredo'],
    ['192.0.2.10', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['not-an-ip', 'not an IP address'],
    ['999.1.1.1', 'not an IP address'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(isBlockedAddress(ip)).toEqual({ blocked: true, reason });
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4007:80f::200e',
    '::ffff:93.184.216.34',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows public address %s', (ip) => {
    expect(isBlockedAddress(ip)).toEqual({ blocked: false });
  });
});

describe('createAddressPolicy', () => {
  it.each([
    // [allowPrivateAddresses, ip, blocked]
    [false, '127.0.0.1', true],
    [false, '::ffff:127.0.0.1', true],
    [false, '10.200.3.4', true],
    [true, '127.0.0.1', false],
    [true, '192.168.0.10', false],
    [true, '::ffff:10.0.0.1', false],
    [true, 'fd00::5', false],
    [true, '169.254.169.254', true],
    [true, '::ffff:169.254.169.254', true],
    [true, '224.0.0.1', true],
    [true, '0.0.0.0', true],
    [false, '8.8.8.8', false],
    [true, '8.8.8.8', false],
  ])('allowPrivate=%s: %s blocked=%s', (allowPrivateAddresses, ip, blocked) => {
    expect(createAddressPolicy({ allowPrivateAddresses })(ip).blocked).toBe(blocked);
  });

  it.each([
    ['192.168.1.1', 'private', 'not in fetch.allow_hosts'],
    ['169.254.169.254', 'cloud metadata service', 'relais never connects to this kind of address'],
  ])('says how to lift the refusal of %s, or that it cannot be', (ip, reason, hint) => {
    expect(createAddressPolicy({ allowPrivateAddresses: false })(ip)).toEqual({ blocked: true, reason, hint });
  });
});
