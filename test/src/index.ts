export * from "./herald.js";
export * from "./receiver.js";
