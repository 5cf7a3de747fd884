/** What a decider may know beyond the log: which hosts answer right now. */
export interface DecisionContext {
  isHostResponding(host: string): boolean;
}
