import { StateNode } from "./state-node";
import { UndoNode } from "./undo-node";

/** The node components of every canvas (designer and run views). */
export const NODE_TYPES = { state: StateNode, undo: UndoNode };
