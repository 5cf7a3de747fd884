import type { PlantedFaults } from "@vdsim/runtime";

/**
 * The management service's side of the bugs planted by VDSIM_FAULT, FOR TESTS ONLY (see
 * @vdsim/runtime's planted-faults): the consistency checker's tests plant them to show that
 * `vdsim check` catches each. Each bites once, on the first command of its type.
 */
export class PlantedManagementBugs {
  #ackWithoutAppend: string | undefined;
  #recordTwice: string | undefined;

  constructor(faults: PlantedFaults) {
    this.#ackWithoutAppend = faults.ackWithoutAppend;
    this.#recordTwice = faults.recordTwice;
  }

  /** ack-without-append: the command is acknowledged as if appended, and never is. */
  acksWithoutAppend(commandType: string): boolean {
    if (this.#ackWithoutAppend !== commandType) return false;
    this.#ackWithoutAppend = undefined;
    return true;
  }

  /** record-twice: the command's event is appended a second time, under a command id no one sent. */
  recordsTwice(commandType: string): boolean {
    if (this.#recordTwice !== commandType) return false;
    this.#recordTwice = undefined;
    return true;
  }
}
