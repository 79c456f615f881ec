export {};
//# sourceMappingURL=disk-ops.js.map