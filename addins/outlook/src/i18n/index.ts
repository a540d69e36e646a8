import type { AppTranslations } from "@relais/web-shared";
import { en } from "./en";
import { type AddinTranslations, fr } from "./fr";

export const addinNamespace = "addin";

export const addinTranslations: AppTranslations<AddinTranslations> = {
  namespace: addinNamespace,
  fr,
  en,
};

export type { AddinTranslations };
