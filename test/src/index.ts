export * from "./receiver.js";
