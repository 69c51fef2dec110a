/** Cores this process may use (os.availableParallelism()). */
export declare const CORES: number;
/** How much longer than on an idle 4-core machine a wait may take here (TEST_TIME_SCALE overrides). */
export declare const TIME_SCALE: number;
/** A timeout written for an idle 4-core machine, scaled to this one. */
export declare function scaled(ms: number): number;
/** How many browser pages (or processes) to run at once: one per core, at least 1, at most `max`. */
export declare function parallel(max: number): number;
