import { createPhonePlan } from "./addresses";
import { buildGroups } from "./groups";
import { createIdentityIssuer } from "./identities";
import { KEY_PEOPLE, type KeyPerson } from "./key-people";
import { createAgent, createGuest, createHead, type PeopleContext, type Placement } from "./people";
import { createRandom, type Random, shuffle } from "./random";
import { SERVICES, serviceByKey } from "./services";
import { SANDBOX_DOMAIN, SANDBOX_TENANT_ID } from "./tenant";
import type { GenerateDirectoryOptions, SandboxDirectory } from "./types";

const DEFAULT_SEED = 1;
const DEFAULT_AGENT_COUNT = 400;
const GUEST_RATIO = 1 / 80;
const DISABLED_RATIO = 0.01;
const MISSING_MANAGER_RATIO = 0.003;
const FIRST_EMPLOYEE_NUMBER = 1000;

/** Splits `total` in proportion to `weights` (largest remainder), deterministically. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const quotas = weights.map((weight) => (total * weight) / sum);
  const counts = quotas.map((quota) => Math.floor(quota));
  let left = total - counts.reduce((acc, value) => acc + value, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

/** Agents to generate per service: the service's size minus its head and key people. */
const AGENT_WEIGHTS = SERVICES.map((service) => {
  const keyPeople = KEY_PEOPLE.filter((person) => person.serviceKey === service.key).length;
  return Math.max(0, service.size - (service.head ? 1 : 0) - keyPeople);
});

function keyPlacement(person: KeyPerson): Placement {
  const { user } = person;
  return {
    kind: person.headsService ? "head" : person.role === "mayor" ? "elected" : "agent",
    key: true,
    service: serviceByKey(person.serviceKey),
    field: false,
    user: {
      ...user,
      businessPhones: [...user.businessPhones],
      appRoles: [...user.appRoles],
      managerId: null,
    },
  };
}

/**
 * The seeded Dumbéa directory that stands in for Entra ID. `agentCount` is the number of
 * accounts, guests included; the key people come first and are kept even when it is tiny.
 */
export function generateDirectory(options: GenerateDirectoryOptions = {}): SandboxDirectory {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.agentCount ?? DEFAULT_AGENT_COUNT;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`agentCount must be a positive integer, got ${count}`);
  }
  const random = createRandom(seed);
  const reservedPhones = KEY_PEOPLE.flatMap((person) => [
    ...person.user.businessPhones,
    ...(person.user.mobilePhone ? [person.user.mobilePhone] : []),
  ]);
  const context: PeopleContext = {
    random,
    phones: createPhonePlan(random, reservedPhones),
    identities: createIdentityIssuer(random),
  };

  const keyPeople = KEY_PEOPLE.slice(0, count);
  const placements = keyPeople.map(keyPlacement);
  const remaining = count - placements.length;
  const guestCount = Math.min(remaining, Math.round(count * GUEST_RATIO));
  const headedServices = SERVICES.filter((service) => service.head !== null).slice(
    0,
    remaining - guestCount,
  );
  const agentCounts = apportion(remaining - guestCount - headedServices.length, AGENT_WEIGHTS);

  const generated: Placement[] = [];
  for (const service of headedServices) generated.push(createHead(context, service));
  SERVICES.forEach((service, index) => {
    const agents = agentCounts[index] ?? 0;
    for (let i = 0; i < agents; i++) generated.push(createAgent(context, service));
  });
  for (let i = 0; i < guestCount; i++) generated.push(createGuest(context));
  // Mixed up, as a directory listing is; it also makes the first agents a random sample.
  shuffle(generated, random);
  for (const placement of generated) placements.push(placement);

  assignEmployeeIds(generated, random);
  assignManagers(placements, keyPeople);
  const agents = generated.filter((placement) => placement.kind === "agent");
  const disabled = Math.round(count * DISABLED_RATIO);
  const withoutManager = Math.round(count * MISSING_MANAGER_RATIO);
  for (const placement of agents.slice(0, disabled)) placement.user.accountEnabled = false;
  for (const placement of agents.slice(disabled, disabled + withoutManager)) {
    placement.user.managerId = null;
  }

  return {
    tenantId: SANDBOX_TENANT_ID,
    domain: SANDBOX_DOMAIN,
    users: placements.map((placement) => placement.user),
    groups: buildGroups(placements),
  };
}

/** Employee numbers grow with seniority, in no order of service; guests have none. */
function assignEmployeeIds(generated: readonly Placement[], random: Random) {
  let employeeNumber = FIRST_EMPLOYEE_NUMBER;
  for (const { kind, user } of generated) {
    if (kind === "guest") continue;
    employeeNumber += 1 + random.int(3);
    user.employeeId = `DUM-${String(employeeNumber).padStart(5, "0")}`;
  }
}

/** Agents report to their service head, heads to the DGS; key people as the org chart says. */
function assignManagers(placements: readonly Placement[], keyPeople: readonly KeyPerson[]) {
  const keyIds = new Map(keyPeople.map((person) => [person.role, person.user.id]));
  const headIds = new Map<string, string>();
  for (const { kind, service, user } of placements) {
    if (kind === "head" && service) headIds.set(service.key, user.id);
  }
  const directorGeneralId = keyIds.get("directorGeneral") ?? null;
  placements.forEach((placement, index) => {
    const keyPerson = placement.key ? keyPeople[index] : undefined;
    if (keyPerson) {
      const managerRole = keyPerson.managerRole;
      placement.user.managerId = managerRole ? (keyIds.get(managerRole) ?? null) : null;
    } else if (placement.kind === "head") {
      placement.user.managerId = directorGeneralId;
    } else if (placement.kind === "agent" && placement.service) {
      placement.user.managerId = headIds.get(placement.service.key) ?? null;
    }
  });
}
