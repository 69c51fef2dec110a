/** The self-contained bundle (`dist/city-login.js`): Lit included, defines `<city-login>` on load. */
import './define.js';
export * from './index.js';
