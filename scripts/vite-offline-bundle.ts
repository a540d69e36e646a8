/** The part of a Vite (Rollup) plugin this check needs; each workspace has its own Vite. */
interface BundleCheck {
  name: string;
  apply: "build";
  enforce: "post";
  generateBundle(
    this: { error(message: string): never },
    options: unknown,
    bundle: Record<
      string,
      { type: "chunk" | "asset"; fileName: string; code?: string; source?: unknown }
    >,
  ): void;
}

/**
 * Front ends run on networks without internet: a bundle must not load anything from elsewhere
 * (no CDN, no web font), so any absolute URL in the output fails the build unless it starts
 * with one of `allowedUrlPrefixes` (text that is never fetched, or a script the host requires).
 * URL templates (`https://${host}/…`, filled from configuration at run time) are not URLs yet.
 */
export function offlineBundle(allowedUrlPrefixes: readonly string[]): BundleCheck {
  return {
    name: "relais-offline-bundle",
    apply: "build",
    // After Vite's own plugins, so the emitted HTML is checked too.
    enforce: "post",
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        const text = file.type === "chunk" ? (file.code ?? "") : String(file.source);
        const outside = [...text.matchAll(/https?:\/\/[^\s"'`)]+/g)]
          .map((match) => match[0])
          .filter((url) => !url.includes("${"))
          .filter((url) => !allowedUrlPrefixes.some((prefix) => url.startsWith(prefix)));
        if (outside.length > 0) {
          this.error(
            `${file.fileName} references outside URLs: ${[...new Set(outside)].join(", ")}`,
          );
        }
      }
    },
  };
}
