export type { Convergence, Fault, Flow, History, HistoryEntry, NemesisKind, Operation, OperationKind } from "./history.js";
