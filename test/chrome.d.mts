/** Flags for Chromium as root in a container, headless, with no outside network. */
export declare const CHROME_ARGS: string[];
/** The Chrome/Chromium executable: CHROME_PATH, else a usual place; exits with a clear message when none. */
export declare function chromePath(): string;
