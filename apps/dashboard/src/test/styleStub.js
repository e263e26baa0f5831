// CSS imports resolve to this empty module under jest.
module.exports = {};
