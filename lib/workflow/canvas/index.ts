export * from "./model";
export * from "./to-canvas";
export * from "./from-canvas";
export * from "./edit";
export * from "./clipboard";
export * from "./layout";
export * from "./inner";
export * from "./group-view";
