import { describe, expect, it } from "vitest";
import {
  type EntraAgent,
  effectiveProfile,
  type OverrideValues,
} from "../../api/src/modules/directory";

const entraPhoto = "e".repeat(64);
const customPhoto = "c".repeat(64);

const helene: EntraAgent = {
  id: "685ddc4d-9f89-4b20-a160-60b5920ca533",
  displayName: "Hélène Wamytan",
  givenName: "Hélène",
  surname: "Wamytan",
  mail: "helene.wamytan@ville-dumbea.nc",
  userPrincipalName: "helene.wamytan@ville-dumbea.nc",
  jobTitle: "Cheffe du service communication",
  department: "Communication",
  companyName: "Ville de Dumbéa",
  officeLocation: "Hôtel de ville",
  streetAddress: "Avenue de la Mairie",
  postalCode: "98835",
  city: "Dumbéa",
  businessPhones: ["+687 41 40 52"],
  mobilePhone: "+687 78 12 45",
  preferredLanguage: "fr-FR",
  photoHash: entraPhoto,
};

const none: OverrideValues = {
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

describe("effectiveProfile", () => {
  it("is Entra's profile when there is no override", () => {
    const profile = effectiveProfile(helene, null);
    expect(profile).toMatchObject({
      displayName: "Hélène Wamytan",
      jobTitle: "Cheffe du service communication",
      department: "Communication",
      businessPhones: ["+687 41 40 52"],
      mobilePhone: "+687 78 12 45",
      pronouns: null,
      extraLine: null,
      photoHash: entraPhoto,
    });
    expect(effectiveProfile(helene, none)).toEqual(profile);
  });

  it("takes each overridden field and keeps Entra's for the others", () => {
    const profile = effectiveProfile(helene, {
      ...none,
      displayName: "Hélène W.",
      jobTitle: "Responsable de la communication",
      department: "Cabinet du Maire",
      mobilePhone: "+687 78 00 00",
      pronouns: "elle",
      extraLine: "Référente Relais",
    });
    expect(profile).toMatchObject({
      displayName: "Hélène W.",
      jobTitle: "Responsable de la communication",
      department: "Cabinet du Maire",
      mobilePhone: "+687 78 00 00",
      pronouns: "elle",
      extraLine: "Référente Relais",
      mail: "helene.wamytan@ville-dumbea.nc",
      officeLocation: "Hôtel de ville",
      businessPhones: ["+687 41 40 52"],
    });
  });

  it("hides the mobile phone, even an overridden one, and the business phones", () => {
    const hidden = effectiveProfile(helene, {
      ...none,
      mobilePhone: "+687 78 00 00",
      hideMobilePhone: true,
      hideBusinessPhones: true,
    });
    expect(hidden.mobilePhone).toBeNull();
    expect(hidden.businessPhones).toEqual([]);
  });

  it("shows Entra's photo, none, or the custom one by photo mode", () => {
    const withMode = (photoMode: OverrideValues["photoMode"]) =>
      effectiveProfile(helene, { ...none, photoMode, customPhotoHash: customPhoto }).photoHash;
    expect(withMode("entra")).toBe(entraPhoto);
    expect(withMode("hidden")).toBeNull();
    expect(withMode("custom")).toBe(customPhoto);
  });

  it("does not share the business phones array with the agent", () => {
    const profile = effectiveProfile(helene, null);
    profile.businessPhones.push("+687 00 00 00");
    expect(helene.businessPhones).toEqual(["+687 41 40 52"]);
  });
});
