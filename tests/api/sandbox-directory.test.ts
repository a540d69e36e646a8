import { describe, expect, it } from "vitest";
import {
  type AppRole,
  generateDirectory,
  SANDBOX_DOMAIN,
  SANDBOX_KEY_PEOPLE,
  SANDBOX_TENANT_ID,
  type SandboxDirectory,
  type SandboxUser,
} from "../../api/src/sandbox/directory";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NC_PHONE = /^\+687 \d{2} \d{2} \d{2}$/;
const NC_MOBILE = /^\+687 [789]\d \d{2} \d{2}$/;

const directory = generateDirectory();
const members = directory.users.filter((user) => user.userType === "Member");
const guests = directory.users.filter((user) => user.userType === "Guest");

function byDisplayName(dir: SandboxDirectory, displayName: string): SandboxUser {
  const user = dir.users.find((candidate) => candidate.displayName === displayName);
  if (!user) throw new Error(`${displayName} is missing`);
  return user;
}

/** Independent of the generator: strip accents, spaces and apostrophes, lowercase. */
function ascii(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[\s'’]/g, "");
}

function managerChainLength(user: SandboxUser, byId: Map<string, SandboxUser>): number {
  let steps = 0;
  let current: SandboxUser | undefined = user;
  while (current?.managerId) {
    steps += 1;
    if (steps > byId.size) return Number.POSITIVE_INFINITY;
    current = byId.get(current.managerId);
  }
  return steps;
}

describe("generateDirectory", () => {
  it("produces a deep-equal directory for the same seed and agent count", () => {
    expect(generateDirectory({ seed: 7, agentCount: 250 })).toEqual(
      generateDirectory({ seed: 7, agentCount: 250 }),
    );
    expect(generateDirectory()).toEqual(directory);
  });

  it("produces different agents for different seeds, with the same key people", () => {
    const other = generateDirectory({ seed: 2 });
    const names = (dir: SandboxDirectory) => dir.users.map((user) => user.displayName);
    expect(names(other)).not.toEqual(names(directory));
    expect(other.users.slice(0, 6)).toEqual(directory.users.slice(0, 6));
  });

  it("generates 400 accounts of the Dumbéa tenant across at least 25 services by default", () => {
    expect(directory.users).toHaveLength(400);
    expect(directory.tenantId).toBe(SANDBOX_TENANT_ID);
    expect(directory.tenantId).toMatch(GUID);
    expect(directory.domain).toBe(SANDBOX_DOMAIN);
    const departments = new Set(members.map((user) => user.department));
    expect(departments.size).toBeGreaterThanOrEqual(25);
    for (const department of [
      "Cabinet du Maire",
      "Direction générale des services",
      "Communication",
      "Police municipale",
      "Services techniques",
      "Urbanisme",
      "État civil",
      "Médiathèque",
      "Big Up Spot",
      "CCAS",
      "Écoles",
      "Sports",
      "Culture",
      "Ressources humaines",
      "Finances",
    ]) {
      expect(departments).toContain(department);
    }
  });

  it("sizes services by weight: Services techniques and Écoles are big, Communication about 5", () => {
    const sizeOf = (department: string) =>
      members.filter((user) => user.department === department).length;
    expect(sizeOf("Services techniques")).toBeGreaterThan(40);
    expect(sizeOf("Écoles")).toBeGreaterThan(40);
    expect(sizeOf("Communication")).toBeGreaterThanOrEqual(4);
    expect(sizeOf("Communication")).toBeLessThanOrEqual(6);
  });

  it("gives every user a unique GUID, user principal name and mail", () => {
    const ids = directory.users.map((user) => user.id);
    const upns = directory.users.map((user) => user.userPrincipalName.toLowerCase());
    const mails = directory.users.map((user) => user.mail?.toLowerCase());
    for (const id of ids) expect(id).toMatch(GUID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(upns).size).toBe(upns.length);
    expect(mails).not.toContain(undefined);
    expect(new Set(mails).size).toBe(mails.length);
  });

  it("points every managerId at an existing user, without any manager cycle", () => {
    const byId = new Map(directory.users.map((user) => [user.id, user]));
    for (const user of directory.users) {
      if (user.managerId !== null) {
        expect(byId.has(user.managerId)).toBe(true);
        expect(user.managerId).not.toBe(user.id);
      }
      expect(managerChainLength(user, byId)).toBeLessThan(6);
    }
  });

  it("has agents report to their service head, heads to the DGS and the DGS to the mayor", () => {
    const mayor = byDisplayName(directory, "Joseph Waheo");
    const dgs = byDisplayName(directory, "Jérôme Lefèvre");
    expect(mayor.managerId).toBeNull();
    expect(dgs.managerId).toBe(mayor.id);
    const byId = new Map(directory.users.map((user) => [user.id, user]));
    const police = members.filter((user) => user.department === "Police municipale");
    const head = police.find((user) => user.jobTitle?.endsWith("de la police municipale"));
    expect(head?.managerId).toBe(dgs.id);
    for (const agent of police) {
      if (agent === head || agent.managerId === null) continue;
      expect(byId.get(agent.managerId)).toBe(head);
    }
  });

  it("formats phone numbers as New Caledonian numbers, mobiles starting with 7, 8 or 9", () => {
    const desk = directory.users.flatMap((user) => user.businessPhones);
    expect(desk.length).toBeGreaterThan(members.length * 0.6);
    for (const phone of desk) expect(phone).toMatch(NC_PHONE);
    for (const user of directory.users) {
      if (user.mobilePhone !== null) expect(user.mobilePhone).toMatch(NC_MOBILE);
    }
  });

  it("derives ASCII user principal names from the names, without accents, spaces or apostrophes", () => {
    for (const user of members) {
      const [givenName, surname] = [user.givenName ?? "", user.surname ?? ""];
      const expected = `${ascii(givenName)}.${ascii(surname)}`;
      expect(user.userPrincipalName).toMatch(/^[a-z0-9.-]+@ville-dumbea\.nc$/);
      const local = user.userPrincipalName.split("@")[0] ?? "";
      expect(local.startsWith(expected)).toBe(true);
      expect(local.slice(expected.length)).toMatch(/^\d*$/);
      expect(user.mail).toBe(user.userPrincipalName);
    }
    expect(byDisplayName(directory, "Hélène Wamytan").userPrincipalName).toBe(
      "helene.wamytan@ville-dumbea.nc",
    );
  });

  it("suffixes a digit to the address of a namesake", () => {
    const big = generateDirectory({ agentCount: 5000 });
    const suffixed = big.users.filter((user) => /\d@ville-dumbea\.nc$/.test(user.mail ?? ""));
    expect(suffixed.length).toBeGreaterThan(0);
    for (const user of suffixed) {
      const base = (user.mail ?? "").replace(/\d+@/, "@");
      expect(big.users.some((other) => other.mail === base)).toBe(true);
    }
  });

  it("keeps the diacritics of names from the communities of New Caledonia", () => {
    const accented = directory.users.filter((user) => /[^\u0020-\u007e]/.test(user.displayName));
    expect(accented.length).toBeGreaterThan(directory.users.length * 0.15);
    const surnames = new Set(members.map((user) => user.surname));
    const communities = [
      ["Wamytan", "Gorodey", "Tjibaou", "Néaoutyine", "Wéa", "Pidjot", "Waheo", "Hnawia"],
      ["Tuifua", "Lauhea", "Takaniua", "Manuofiua", "Folituu", "Taofifenua", "Tukumuli"],
    ];
    for (const names of communities) {
      expect(names.some((name) => surnames.has(name))).toBe(true);
    }
  });

  it("includes the communication team and the cabinet's approver with their app roles", () => {
    const roles = (displayName: string): AppRole[] =>
      [...byDisplayName(directory, displayName).appRoles].sort();
    expect(roles("Hélène Wamytan")).toEqual(["Relais.Admin", "Relais.Editor"]);
    expect(roles("Soane Tuifua")).toEqual(["Relais.Editor"]);
    expect(roles("Kalïa Wéa")).toEqual(["Relais.Editor"]);
    expect(roles("Marie-Claude Gorodey")).toEqual(["Relais.Approver"]);
    expect(byDisplayName(directory, "Hélène Wamytan").jobTitle).toBe(
      "Cheffe du service communication",
    );
    expect(byDisplayName(directory, "Marie-Claude Gorodey").department).toBe("Cabinet du Maire");
    expect(SANDBOX_KEY_PEOPLE.commsHead.id).toBe(byDisplayName(directory, "Hélène Wamytan").id);
    const withRoles = directory.users.filter((user) => user.appRoles.length > 0);
    expect(withRoles).toHaveLength(4);
  });

  it("keeps plausible shares of disabled accounts, guests, and agents without mobile or photo", () => {
    const count = (predicate: (user: SandboxUser) => boolean) =>
      directory.users.filter(predicate).length;
    expect(count((user) => !user.accountEnabled)).toBeGreaterThanOrEqual(1);
    expect(count((user) => !user.accountEnabled)).toBeLessThanOrEqual(10);
    expect(guests.length).toBeGreaterThanOrEqual(2);
    expect(guests.length).toBeLessThanOrEqual(10);
    const withoutMobile = members.filter((user) => user.mobilePhone === null).length;
    expect(withoutMobile / members.length).toBeGreaterThan(0.15);
    expect(withoutMobile / members.length).toBeLessThan(0.45);
    const withoutPhoto = count((user) => !user.hasPhoto) / directory.users.length;
    expect(withoutPhoto).toBeGreaterThan(0.08);
    expect(withoutPhoto).toBeLessThan(0.25);
    const withoutManager = members.filter((user) => user.managerId === null).length;
    expect(withoutManager).toBeGreaterThanOrEqual(1);
    expect(withoutManager).toBeLessThanOrEqual(6);
    const languages = new Set(directory.users.map((user) => user.preferredLanguage));
    expect(languages).toEqual(new Set(["fr-FR", "en-US", null]));
  });

  it("gives members the commune's company, city and employee ids", () => {
    for (const user of members) {
      expect(user.companyName).toBe("Ville de Dumbéa");
      expect(user.city).toBe("Dumbéa");
      expect(["98835", "98839"]).toContain(user.postalCode);
      if (user.jobTitle !== "Maire") expect(user.employeeId).toMatch(/^DUM-\d{5,}$/);
    }
    const employeeIds = members.flatMap((user) => (user.employeeId ? [user.employeeId] : []));
    expect(new Set(employeeIds).size).toBe(employeeIds.length);
  });

  it("gives guests an external mail, an #EXT# user principal name and no employee id", () => {
    for (const guest of guests) {
      expect(guest.mail).not.toMatch(/@ville-dumbea\.nc$/);
      const expectedUpn = `${guest.mail?.replace("@", "_")}#EXT#@villedumbea.onmicrosoft.com`;
      expect(guest.userPrincipalName).toBe(expectedUpn);
      expect(guest.employeeId).toBeNull();
      expect(guest.managerId).toBeNull();
      expect(guest.appRoles).toEqual([]);
    }
  });

  it("builds audience groups whose members exist, with one correspondent per service", () => {
    const ids = new Set(directory.users.map((user) => user.id));
    const names = directory.groups.map((group) => group.displayName);
    expect(names).toEqual(
      expect.arrayContaining([
        "Tous les agents",
        "Encadrement",
        "Correspondants communication",
        "Agents de terrain",
        "Hôtel de Ville",
      ]),
    );
    expect(directory.groups.length).toBeGreaterThanOrEqual(8);
    expect(new Set(directory.groups.map((group) => group.id)).size).toBe(directory.groups.length);
    for (const group of directory.groups) {
      expect(group.id).toMatch(GUID);
      expect(group.mailNickname).toMatch(/^[a-z0-9-]+$/);
      expect(group.memberIds.length).toBeGreaterThan(0);
      for (const id of group.memberIds) expect(ids.has(id)).toBe(true);
    }
    const byId = new Map(directory.users.map((user) => [user.id, user]));
    const correspondents = directory.groups.find(
      (group) => group.displayName === "Correspondants communication",
    );
    const departments = correspondents?.memberIds.map((id) => byId.get(id)?.department) ?? [];
    expect(new Set(departments).size).toBe(departments.length);
    expect(departments.length).toBeGreaterThanOrEqual(24);
  });

  it("keeps the key people first when the directory is tiny", () => {
    expect(generateDirectory({ agentCount: 1 }).users.map((user) => user.displayName)).toEqual([
      "Hélène Wamytan",
    ]);
    const five = generateDirectory({ agentCount: 5 });
    expect(five.users.map((user) => user.displayName)).toEqual(
      expect.arrayContaining(["Hélène Wamytan", "Soane Tuifua", "Kalïa Wéa"]),
    );
    for (const n of [1, 2, 5, 7, 12, 40]) {
      const small = generateDirectory({ agentCount: n });
      expect(small.users).toHaveLength(n);
      const ids = new Set(small.users.map((user) => user.id));
      for (const user of small.users) {
        if (user.managerId !== null) expect(ids.has(user.managerId)).toBe(true);
      }
    }
  });

  it("rejects an agent count that is not a positive integer", () => {
    expect(() => generateDirectory({ agentCount: 0 })).toThrow(RangeError);
    expect(() => generateDirectory({ agentCount: 2.5 })).toThrow(RangeError);
  });

  it("generates 100,000 unique users for benchmarks", () => {
    const big = generateDirectory({ agentCount: 100_000 });
    expect(big.users).toHaveLength(100_000);
    expect(new Set(big.users.map((user) => user.id)).size).toBe(100_000);
    expect(new Set(big.users.map((user) => user.userPrincipalName)).size).toBe(100_000);
  });
});
