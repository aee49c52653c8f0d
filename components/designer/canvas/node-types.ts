import { LaneNode } from "./lane-node";
import { StateNode } from "./state-node";
import { UndoNode } from "./undo-node";

/** The node components of every canvas (designer and run views); a group step is a state node drawn large. */
export const NODE_TYPES = { state: StateNode, undo: UndoNode, "group-state": StateNode, lane: LaneNode };
