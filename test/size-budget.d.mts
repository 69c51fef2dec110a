/** Issue 7: city-login.js + eager chunks (Lit, Finnish included) must stay within 14 KiB gzip. */
export declare const EAGER_BUDGET: number;
/** The ceiling enforced today (bytes): the size reached plus a little; it only goes down. */
export declare const EAGER_CEILING: number;
/** Issue 7: the target for the eager total is 12 KiB gzip (printed, not enforced). */
export declare const EAGER_AIM: number;
/** Issue 7: each on-demand language chunk (sv, en) must stay within 2 KiB gzip. */
export declare const LANGUAGE_CHUNK_BUDGET: number;
/** Issue 15: each chunk of the flow loaded on demand (not a language) must stay within 10 KiB gzip. */
export declare const FEATURE_CHUNK_BUDGET: number;
/** A language chunk's file name (sv, en). */
export declare const LANGUAGE_CHUNK: RegExp;
/** Issue 7: the only runtime dependencies allowed are Lit and its localize runtime. */
export declare const ALLOWED_DEPENDENCIES: string[];
/** Issue 7: the entry file of the self-contained bundle, relative to dist/. */
export declare const ENTRY: string;
/** Issue 7: sizes are measured as zlib gzip at level 9, summed file by file. */
export declare const GZIP_LEVEL: number;
/** Static and dynamic import specifiers (and other-origin fetch URLs) found in one file's source text. */
export declare function parseImports(source: string): {
  static: string[];
  dynamic: string[];
  computedDynamic: number;
  fetches: string[];
};
/** Checks the size budget of a built dist/ directory; `lines` is everything to print. */
export declare function checkSizeBudget(options?: { distDir?: string; packageJson?: string }): {
  ok: boolean;
  lines: string[];
};
