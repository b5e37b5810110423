// Each provider adds its registerConnector(...) line here.
export {};
