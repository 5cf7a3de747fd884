/** vCenter assigns vNIC MACs from 00:50:56:80:00:00 to 00:50:56:BF:FF:FF. */
const VCENTER_BASE = 0x800000;
const VCENTER_SIZE = 0x400000;

export function vcenterMac(counter: number): string {
  if (counter < 0 || counter >= VCENTER_SIZE) throw new Error(`MAC counter ${counter} outside vCenter's range`);
  const n = VCENTER_BASE + counter;
  const bytes = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return ["00", "50", "56", ...bytes.map((b) => b.toString(16).padStart(2, "0"))].join(":");
}

/**
 * VMkernel NIC MACs: 00:50:56:5H:HH:KK, from the host's index (H, taken modulo 4096) and a slot
 * (K, 0-255) unique on the host. Distinct from vCenter's vNIC range (00:50:56:80-BF).
 */
export function vmkernelMac(hostIndex: number, slot: number): string {
  if (slot < 0 || slot > 0xff) throw new Error(`VMkernel MAC slot ${slot} is outside 0-255`);
  return octets(0x500000 + ((hostIndex & 0xfff) << 8) + slot);
}

/** Physical NIC MACs: 00:0c:29:HH:HH:NN from the host's index and the NIC's position. */
export function physicalNicMac(hostIndex: number, nic: number): string {
  const bytes = [0x00, 0x0c, 0x29, (hostIndex >> 8) & 0xff, hostIndex & 0xff, nic & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

function octets(n: number): string {
  const bytes = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return ["00", "50", "56", ...bytes.map((b) => b.toString(16).padStart(2, "0"))].join(":");
}
