import { describe, expect, it } from "vitest";
import { matchesIfNoneMatch, parseIfMatch } from "../../api/src/http/conditional";

describe("conditional request headers", () => {
  it("If-None-Match compares weakly, as GET and HEAD do", () => {
    const etag = '"abc"';
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
    expect(matchesIfNoneMatch('"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch("*", etag)).toBe(true);
    expect(matchesIfNoneMatch('"abcd"', etag)).toBe(false);
    expect(matchesIfNoneMatch('"abc"', 'W/"abc"')).toBe(true);
  });

  it("If-Match compares strongly: weak tags never match", () => {
    expect(parseIfMatch("*")).toBe("*");
    expect(parseIfMatch('"a", W/"b", c')).toEqual(['"a"', '"c"']);
  });
});
