import type { DeltaPreferences, DeltaRequest } from "./delta-request";
import { freshDeltaUrl } from "./delta-request";
import { encodeDeltaToken, encodeSkipToken, type PageCursor, type RoundScope } from "./delta-token";
import { graphErrors } from "./errors";
import { buildGroupsPage } from "./groups-delta";
import type { GraphSettings } from "./settings";
import type { DirectoryState } from "./state";
import { type BuiltPage, buildUsersPage } from "./users-delta";

export interface DeltaAnswer {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface RoundContext {
  state: DirectoryState;
  settings: GraphSettings;
  instance: string;
  now: number;
  origin: string;
  /** A control switch or fault asks this continuation to fail with 410 Gone. */
  resyncRequired: boolean;
}

function startCursor(since: number | null, upTo: number): PageCursor {
  return { since, upTo, position: 0, memberOffset: 0, page: 0, replay: null };
}

function buildPage(
  context: RoundContext,
  scope: RoundScope,
  cursor: PageCursor,
  preferences: DeltaPreferences,
): BuiltPage {
  const { settings, state } = context;
  // return=minimal only shapes changes; a full round always sends whole objects.
  const minimal = preferences.minimal && cursor.since !== null;
  if (scope.resource === "users") {
    return buildUsersPage(state, scope, cursor, {
      pageSize: preferences.maxPageSize ?? settings.usersPageSize,
      minimal,
      duplicates: settings.duplicates,
      emptyPageEvery: settings.emptyPageEvery,
    });
  }
  return buildGroupsPage(state.groups, scope, cursor, {
    pageSize: preferences.maxPageSize ?? settings.groupsPageSize,
    memberPageSize: settings.groupMembersPageSize,
    minimal,
    emptyPageEvery: settings.emptyPageEvery,
  });
}

/** Serves one delta request: a page of items and the link that continues or closes the round. */
export function answerDelta(
  context: RoundContext,
  request: DeltaRequest,
  preferences: DeltaPreferences,
): DeltaAnswer {
  const { origin, instance, now, state, settings } = context;
  const scope: RoundScope =
    request.kind === "start" || request.kind === "latest" ? request.scope : request.state;
  const base = `${origin}/v1.0/${scope.resource}/delta`;
  const metadata = `${origin}/v1.0/$metadata#${scope.resource}`;
  const deltaLink = (since: number) =>
    `${base}?$deltatoken=${encodeDeltaToken({ ...scope, since, issuedAt: now, instance })}`;

  if (request.kind === "latest") {
    return {
      body: {
        "@odata.context": `${metadata}(${scope.select.join(",")})`,
        "@odata.deltaLink": deltaLink(state.version),
        value: [],
      },
      headers: {},
    };
  }
  if (request.kind === "continue" && context.resyncRequired) {
    throw graphErrors.resyncRequired(freshDeltaUrl(origin, scope));
  }

  const cursor =
    request.kind === "start"
      ? startCursor(null, state.version)
      : request.kind === "resume"
        ? startCursor(request.state.since, state.version)
        : request.state;
  const page = buildPage(context, scope, cursor, preferences);
  const link = page.next
    ? {
        "@odata.nextLink": `${base}?$skiptoken=${encodeSkipToken({ ...scope, ...page.next, issuedAt: now, instance })}`,
      }
    : {
        // With replays on, the next round starts where this one did, so its changes come again.
        "@odata.deltaLink": deltaLink(
          settings.replays ? (cursor.since ?? cursor.upTo) : cursor.upTo,
        ),
      };
  const minimalApplied = preferences.minimal && cursor.since !== null;
  return {
    body: {
      "@odata.context":
        request.kind === "start" ? `${metadata}(${scope.select.join(",")})` : metadata,
      ...link,
      value: page.items,
    },
    headers: minimalApplied ? { "Preference-Applied": "return=minimal" } : {},
  };
}
