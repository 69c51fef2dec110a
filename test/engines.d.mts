/** The engines the tests run in. */
export declare const ENGINES: readonly ['chromium', 'firefox', 'webkit'];
export declare const FIREFOX_PATH: string;
export declare const WEBKIT_DRIVER_PATH: string;
export declare const MINIBROWSER_PATH: string;
/** The engines asked for in ENGINES (comma-separated), default all three. */
export declare function selectedEngines(value?: string): string[];
/** What is missing to run an engine here ('' when nothing). */
export declare function missingFor(engine: string): string;
/** Starts Xvfb when DISPLAY is unset (stopped when this process exits); returns a function that stops it now. */
export declare function ensureDisplay(): Promise<() => void>;
/** A TCP port that was free a moment ago. */
export declare function freePort(): Promise<number>;
/** Starts WebKitWebDriver on a free port and waits until it answers. */
export declare function startWebKitDriver(): Promise<{ port: number; stop: () => void }>;
/** webdriverio capabilities for WebKitGTK's MiniBrowser (classic WebDriver). */
export declare function webkitCapabilities(): Record<string, unknown>;
