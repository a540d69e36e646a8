/**
 * Outlook's event-based activation events: the add-in only manifest name, the unified manifest
 * name and the Mailbox requirement set that introduced the event (Microsoft's "Activate add-ins
 * with events", supported events table). The XSD accepts any string as a `LaunchEvent Type`,
 * so this list is what catches a misspelled event. Preview-only events are left out: a
 * production manifest must not depend on them.
 */
export const LAUNCH_EVENTS = {
  OnNewMessageCompose: { json: "newMessageComposeCreated", minVersion: "1.10" },
  OnNewAppointmentOrganizer: { json: "newAppointmentOrganizerCreated", minVersion: "1.10" },
  OnMessageAttachmentsChanged: { json: "messageAttachmentsChanged", minVersion: "1.11" },
  OnAppointmentAttachmentsChanged: { json: "appointmentAttachmentsChanged", minVersion: "1.11" },
  OnMessageRecipientsChanged: { json: "messageRecipientsChanged", minVersion: "1.11" },
  OnAppointmentAttendeesChanged: { json: "appointmentAttendeesChanged", minVersion: "1.11" },
  OnAppointmentTimeChanged: { json: "appointmentTimeChanged", minVersion: "1.11" },
  OnAppointmentRecurrenceChanged: { json: "appointmentRecurrenceChanged", minVersion: "1.11" },
  OnInfoBarDismissClicked: { json: "infoBarDismissClicked", minVersion: "1.11" },
  OnMessageSend: { json: "messageSending", minVersion: "1.12" },
  OnAppointmentSend: { json: "appointmentSending", minVersion: "1.12" },
  OnMessageCompose: { json: "messageComposeOpened", minVersion: "1.12" },
  OnAppointmentOrganizer: { json: "appointmentOrganizerOpened", minVersion: "1.12" },
  OnMessageFromChanged: { json: "messageFromChanged", minVersion: "1.13" },
  OnAppointmentFromChanged: { json: "appointmentFromChanged", minVersion: "1.13" },
  OnSensitivityLabelChanged: { json: "sensitivityLabelChanged", minVersion: "1.13" },
} as const satisfies Record<string, { json: string; minVersion: string }>;

export type LaunchEventType = keyof typeof LAUNCH_EVENTS;

/** The events Outlook on Android and iOS raise (Microsoft's mobile event-based activation). */
export const MOBILE_LAUNCH_EVENTS: readonly LaunchEventType[] = [
  "OnNewMessageCompose",
  "OnMessageRecipientsChanged",
  "OnMessageFromChanged",
];

export function isLaunchEventType(value: string): value is LaunchEventType {
  return Object.hasOwn(LAUNCH_EVENTS, value);
}

export function launchEventRequirement(type: LaunchEventType): string {
  return LAUNCH_EVENTS[type].minVersion;
}

export function jsonEventName(type: LaunchEventType): string {
  return LAUNCH_EVENTS[type].json;
}

export const JSON_EVENT_NAMES: ReadonlySet<string> = new Set(
  Object.values(LAUNCH_EVENTS).map((event) => event.json),
);

/** "OnNewMesageCompose" → "OnNewMessageCompose": the closest known name, when close enough. */
export function closestName(value: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(value.length / 5)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
