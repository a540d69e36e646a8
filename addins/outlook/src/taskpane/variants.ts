import type { ComposeType, ItemKind } from "../office/pane-host";
import type { SignatureVariant } from "./signatureApi";

/** The variant that fits the item being composed: meetings, replies and forwards, else new. */
export function variantFor(
  kind: ItemKind | null,
  composeType: ComposeType | null,
): SignatureVariant {
  if (kind === "appointment") return "meeting";
  return composeType === "reply" || composeType === "forward" ? "reply" : "new";
}
