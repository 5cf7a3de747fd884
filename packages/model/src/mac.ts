/** vCenter assigns vNIC MACs from 00:50:56:80:00:00 to 00:50:56:BF:FF:FF. */
const VCENTER_BASE = 0x800000;
const VCENTER_SIZE = 0x400000;

export function vcenterMac(counter: number): string {
  if (counter < 0 || counter >= VCENTER_SIZE) throw new Error(`MAC counter ${counter} outside vCenter's range`);
  const n = VCENTER_BASE + counter;
  const bytes = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return ["00", "50", "56", ...bytes.map((b) => b.toString(16).padStart(2, "0"))].join(":");
}
