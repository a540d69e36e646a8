import type { AppTranslations } from "@relais/web-shared";
import { en } from "./en";
import { type ConsoleTranslations, fr } from "./fr";

export const consoleTranslations: AppTranslations<ConsoleTranslations> = {
  namespace: "console",
  fr,
  en,
};
