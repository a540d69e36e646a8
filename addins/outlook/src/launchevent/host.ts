/**
 * What the signature runtime needs from Outlook, as plain promises. `src/office/event-host.ts`
 * implements it over Office.js; tests implement it over a fake mailbox.
 */

export type ItemKind = "message" | "appointment";
export type BodyFormat = "html" | "text";
export type ComposeKind = "newMail" | "reply" | "forward";

/** The item being composed when an event fires. */
export interface ComposeItem {
  /** Identity of the item, to tell events of one compose form from another's. */
  readonly key: object;
  readonly kind: ItemKind;
  /** Whether `setSignature` exists for this item here (Mailbox 1.10; messages only on the web). */
  readonly canSetSignature: boolean;
  /** null where Outlook cannot tell (before Mailbox 1.10): treated as a new message. */
  composeKind(): Promise<ComposeKind | null>;
  /** The selected From (message) or organizer (appointment) address, null if unknown. */
  fromAddress(): Promise<string | null>;
  bodyFormat(): Promise<BodyFormat>;
  /** Adds or replaces the item's signature (never a second one). */
  setSignature(content: string, format: BodyFormat): Promise<void>;
  readBody(format: BodyFormat): Promise<string>;
  writeBody(content: string, format: BodyFormat): Promise<void>;
  /** Turns Outlook's own signature off for this item, where the API exists; else does nothing. */
  disableClientSignature(): Promise<void>;
  /** Shows (or replaces) the runtime's one information bar on the item. */
  showNotice(message: string): Promise<void>;
  /** Removes that bar if it is there. */
  clearNotice(): Promise<void>;
}

/** Office's error code when an add-in's roaming settings would pass 32 KB. */
export const SETTINGS_TOO_LARGE = 9057;

/** Key/value settings that roam with the mailbox (Office's roaming settings: 32 KB in all). */
export interface SettingsStore {
  get(key: string): unknown;
  /** Throws an error with `code` SETTINGS_TOO_LARGE when the settings would pass 32 KB. */
  set(key: string, value: unknown): void;
  remove(key: string): void;
  /** Rejects with an error with `code` SETTINGS_TOO_LARGE when they do. */
  save(): Promise<void>;
}

export function isSettingsTooLarge(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === SETTINGS_TOO_LARGE || String(message).includes(String(SETTINGS_TOO_LARGE));
}

export interface EventHost {
  /** The item the current event is about, or null when there is none in compose mode. */
  currentItem(): ComposeItem | null;
  /** The agent's own address, when the item does not tell whose mailbox it is sent from. */
  userAddress(): string | null;
  /** Outlook's display language, e.g. "fr-FR". */
  displayLanguage(): string;
  settings: SettingsStore;
}

/** The `event` object Outlook passes to a launch-event handler. */
export interface LaunchEvent {
  completed(): void;
}
