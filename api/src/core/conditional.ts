/** What an If-Match header asked for: any version (`*`) or one of these strong ETags. */
export type ExpectedVersion = string[] | "*";

export const matchesExpected = (expected: ExpectedVersion, currentEtag: string) =>
  expected === "*" || expected.includes(currentEtag);
