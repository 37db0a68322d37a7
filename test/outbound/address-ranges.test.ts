// The addresses the guarded fetcher refuses, each with the range that names it (the word a user reads), the
// edges of each range (the first address outside is public), and IPv6 addresses that carry an IPv4 one.
import { describe, expect, it } from 'vitest';
import { describeRefusedAddress, embeddedIpv4, refusedAddress } from '../../src/core/outbound/address-ranges.js';

const REFUSED: Array<[address: string, range: string]> = [
  ['0.0.0.0', 'unspecified ("this network")'],
  ['0.255.255.255', 'unspecified ("this network")'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['169.254.0.1', 'link-local (cloud metadata)'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.0', 'shared (carrier-grade NAT)'],
  ['100.127.255.255', 'shared (carrier-grade NAT)'],
  ['100.100.100.200', 'shared (carrier-grade NAT)'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.99', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['fd00:ec2::254', 'cloud metadata (AWS)'],
  ['fd12:3456::1', 'unique-local (private)'],
  ['fc00::1', 'unique-local (private)'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmarking'],
  ['100::1', 'discard-only'],
  ['64:ff9b:1::1', 'local-use NAT64'],
  ['2001:0:4136:e378::1', 'Teredo tunnel'],
  ['2001:10::1', 'ORCHID (reserved)'],
  ['::7f00:1', 'reserved (not global unicast)'],
  ['4000::1', 'reserved (not global unicast)'],
  ['1::1', 'reserved (not global unicast)'],
];

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '1.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
];

describe('refusedAddress', () => {
  it.each(REFUSED)('refuses %s as %s', (address, range) => {
    expect(refusedAddress(address)).toMatchObject({ range });
  });

  it.each(PUBLIC)('lets %s through', (address) => {
    expect(refusedAddress(address)).toBeNull();
  });

  it('judges an IPv6 address that carries an IPv4 one by the IPv4 address', () => {
    // The forms the URL parser and resolvers give: dotted or in hex.
    expect(refusedAddress('::ffff:127.0.0.1')).toEqual({ range: 'loopback', embeddedIpv4: '127.0.0.1' });
    expect(refusedAddress('::ffff:7f00:1')).toEqual({ range: 'loopback', embeddedIpv4: '127.0.0.1' });
    expect(refusedAddress('::ffff:a9fe:a9fe')).toEqual({ range: 'link-local (cloud metadata)', embeddedIpv4: '169.254.169.254' });
    expect(refusedAddress('64:ff9b::10.0.0.1')).toEqual({ range: 'private', embeddedIpv4: '10.0.0.1' });
    expect(refusedAddress('64:ff9b::a00:1')).toEqual({ range: 'private', embeddedIpv4: '10.0.0.1' });
    expect(refusedAddress('2002:a9fe:a9fe::1')).toEqual({ range: 'link-local (cloud metadata)', embeddedIpv4: '169.254.169.254' });
    expect(refusedAddress('0:0:0:0:0:ffff:c0a8:101')).toEqual({ range: 'private', embeddedIpv4: '192.168.1.1' });
  });

  it('reads the IPv4 address out of the three embeddings, and of nothing else', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('64:ff9b::c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIpv4('2002:0a00:0001::')).toBe('10.0.0.1');
    expect(embeddedIpv4('::1')).toBeNull();
    expect(embeddedIpv4('2606:4700:4700::1111')).toBeNull();
    expect(embeddedIpv4('64:ff9b:0:0:1::1')).toBeNull();
  });

  it('refuses what is not an IP address at all', () => {
    expect(refusedAddress('localhost')).toEqual({ range: 'not an IP address' });
  });

  it('names the address, the IPv4 address it carries and the range in words', () => {
    expect(describeRefusedAddress('10.0.0.1', refusedAddress('10.0.0.1')!)).toBe('10.0.0.1, a private address');
    expect(describeRefusedAddress('::ffff:7f00:1', refusedAddress('::ffff:7f00:1')!)).toBe(
      '::ffff:7f00:1 (IPv4 127.0.0.1), a loopback address',
    );
    expect(describeRefusedAddress('fe80::1', refusedAddress('fe80::1')!)).toBe('fe80::1, a link-local address');
    expect(describeRefusedAddress('0.0.0.0', refusedAddress('0.0.0.0')!)).toBe('0.0.0.0, an unspecified ("this network") address');
  });
});
