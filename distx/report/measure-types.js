export {};
//# sourceMappingURL=measure-types.js.map