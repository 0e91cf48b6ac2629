import os from 'node:os';
import {describe, expect, it} from 'vitest';
import {interfaceAddresses, readMachineIdentity} from '../../src/host/interface-addresses.js';

describe('interfaceAddresses', () => {
	it('lists every interface address, loopback included, once each and without zone suffixes', () => {
		const addresses = interfaceAddresses();
		expect(addresses).toContain('127.0.0.1');
		const expected = Object.values(os.networkInterfaces()).flatMap(infos => (infos ?? []).map(info => info.address.replace(/%.*$/, '')));
		expect(new Set(addresses)).toEqual(new Set(expected));
		expect(addresses.length).toBe(new Set(addresses).size);
		expect(addresses.some(address => address.includes('%'))).toBe(false);
	});

	it('names the machine', () => {
		expect(readMachineIdentity()).toEqual({hostName: os.hostname(), addresses: interfaceAddresses()});
	});
});
