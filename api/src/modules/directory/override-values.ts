import { createHash } from "node:crypto";
import type { OverrideValues } from "./effective-profile";
import type { OverrideRow } from "./overrides.repo";
import type { OverrideInput, OverrideView } from "./overrides.schemas";

/** The state of an agent without override: every value comes from Entra. */
export const noOverride: OverrideValues = {
  displayName: null,
  jobTitle: null,
  department: null,
  mobilePhone: null,
  hideMobilePhone: false,
  hideBusinessPhones: false,
  pronouns: null,
  extraLine: null,
  photoMode: "entra",
  customPhotoHash: null,
};

const keys = Object.keys(noOverride) as (keyof OverrideValues)[];
const orNull = (value: string | null | undefined) => (value ? value : null);

/** One stored form per meaning, so an identical retry compares equal to what is stored. */
export function toOverrideValues(input: OverrideInput): OverrideValues {
  const photoMode = input.photoMode ?? "entra";
  return {
    displayName: orNull(input.displayName),
    jobTitle: orNull(input.jobTitle),
    department: orNull(input.department),
    mobilePhone: orNull(input.mobilePhone),
    hideMobilePhone: input.hideMobilePhone ?? false,
    hideBusinessPhones: input.hideBusinessPhones ?? false,
    pronouns: orNull(input.pronouns),
    extraLine: orNull(input.extraLine),
    photoMode,
    customPhotoHash: photoMode === "custom" ? orNull(input.customPhotoHash?.toLowerCase()) : null,
  };
}

export function valuesOf(row: OverrideRow | null): OverrideValues {
  if (!row) return noOverride;
  const { agentId: _agentId, updatedAt: _updatedAt, updatedBy: _updatedBy, ...values } = row;
  return values;
}

export function sameValues(a: OverrideValues, b: OverrideValues): boolean {
  return keys.every((key) => a[key] === b[key]);
}

/** Strong entity tag of the stored override; `updatedAt` is in it so A→B→A still changes it. */
export function overrideEtag(row: OverrideRow | null): string {
  const values = valuesOf(row);
  const state = JSON.stringify([...keys.map((key) => values[key]), row?.updatedAt.toISOString()]);
  return `"${createHash("sha256").update(state).digest("hex").slice(0, 32)}"`;
}

export function toOverrideView(agentId: string, row: OverrideRow | null): OverrideView {
  return {
    agentId,
    ...valuesOf(row),
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
    etag: overrideEtag(row),
  };
}
