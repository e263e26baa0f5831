/** Longest branch name accepted, in UTF-16 code units. */
export const MAX_BRANCH_NAME_LENGTH = 64;

// ASCII characters a branch may not hold: controls, space, ':' (key separator), glob characters
// `*?[]` and the glob escape `\`, so a branch can sit inside a Redis key and a SCAN pattern verbatim.
const FORBIDDEN_ASCII = new Uint8Array(128);
for (let c = 0; c <= 0x20; c++) {
  FORBIDDEN_ASCII[c] = 1;
}
for (const ch of ':*?[]\\\x7f') {
  FORBIDDEN_ASCII[ch.charCodeAt(0)] = 1;
}

/** True when the ASCII code `c` (0..127) may appear in a branch name. */
export function isBranchAscii(c: number): boolean {
  return FORBIDDEN_ASCII[c] === 0;
}

/** True for non-ASCII code units that are C1 controls or Unicode white space. */
function isForbiddenNonAscii(c: number): boolean {
  return (
    c <= 0x9f ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Names no branch may have: `*` (the stored all-branches roll-up) and `all` (what the REST API,
 * the live channel's clients and the dashboard call that roll-up), so a branch can never be
 * mistaken for, or hidden behind, the roll-up.
 */
export const RESERVED_BRANCH_NAMES: readonly string[] = ['all', '*'];

/**
 * Says why `name` is not a valid branch name (e.g. `must not contain ":"`, `must be 1..64
 * characters long`, `is reserved for the all-branches roll-up`), or `undefined` when it is valid.
 */
export function findBranchNameProblem(name: string): string | undefined {
  const length = name.length;
  if (length === 0 || length > MAX_BRANCH_NAME_LENGTH) {
    return `must be 1..${MAX_BRANCH_NAME_LENGTH} characters long`;
  }
  for (let i = 0; i < length; i++) {
    const c = name.charCodeAt(i);
    if (c < 128 ? FORBIDDEN_ASCII[c] === 1 : isForbiddenNonAscii(c)) {
      return `must not contain ${JSON.stringify(name[i])}`;
    }
  }
  if (name === 'all') {
    return 'is reserved: `all` names the all-branches roll-up';
  }
  return undefined;
}

/**
 * True when `name` can be used as a branch: 1..64 characters (UTF-16 code units), none of them
 * `:`, white space (ASCII or Unicode), a control character, or a glob character (`*`, `?`, `[`,
 * `]` and the escape `\`), and not one of {@link RESERVED_BRANCH_NAMES} (`all`, `*`).
 */
export function isValidBranchName(name: string): boolean {
  return typeof name === 'string' && findBranchNameProblem(name) === undefined;
}
