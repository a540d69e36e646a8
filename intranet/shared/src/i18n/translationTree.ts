/** The shape of a translation catalogue: same keys as the French one, any strings. */
export type TranslationTree<T> = {
  [K in keyof T]: T[K] extends string ? string : TranslationTree<T[K]>;
};

/** A catalogue (namespace) in every supported language; English must mirror French. */
export interface AppTranslations<T extends object = object> {
  namespace: string;
  fr: T;
  en: TranslationTree<T>;
}
