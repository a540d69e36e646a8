import { createAddressBook, mailLocalPart } from "./addresses";
import { KEY_PEOPLE } from "./key-people";
import { guidFromWords, mix32, type Random } from "./random";
import { SANDBOX_DOMAIN, SANDBOX_INITIAL_DOMAIN } from "./tenant";
import type { SandboxUser } from "./types";

/** Gives generated users an id, a mail and a sign-in name, unique with the key people's. */
export interface IdentityIssuer {
  member(user: SandboxUser, givenName: string, surname: string): void;
  guest(user: SandboxUser, givenName: string, surname: string, domain: string): void;
}

export function createIdentityIssuer(random: Random): IdentityIssuer {
  const keyFirstWords = new Set(
    KEY_PEOPLE.map((person) => Number.parseInt(person.user.id.slice(0, 8), 16)),
  );
  const addresses = createAddressBook();
  for (const person of KEY_PEOPLE) addresses.reserve(person.user.userPrincipalName);
  // The first word is a bijection of a counter, so ids are unique without remembering them.
  const counterKey = random.uint32();
  let counter = 0;
  const newId = (): string => {
    let first = mix32(counter++ ^ counterKey);
    while (keyFirstWords.has(first)) first = mix32(counter++ ^ counterKey);
    return guidFromWords(first, random.uint32(), random.uint32(), random.uint32());
  };
  return {
    member(user, givenName, surname) {
      user.id = newId();
      user.mail = addresses.claim(mailLocalPart(givenName, surname), SANDBOX_DOMAIN);
      user.userPrincipalName = user.mail;
    },
    guest(user, givenName, surname, domain) {
      user.id = newId();
      const mail = addresses.claim(mailLocalPart(givenName, surname), domain);
      user.mail = mail;
      // How Entra names an invited account: the address with "@" as "_", then #EXT#.
      user.userPrincipalName = `${mail.replace("@", "_")}#EXT#@${SANDBOX_INITIAL_DOMAIN}`;
    },
  };
}
